"""The client against a real coordinator speaking HTTPS with a self-signed certificate."""

from __future__ import annotations

import pytest

from awscluster import Coordinator, CoordinatorNotTrusted, CoordinatorUnreachable

from conftest import SelfSigned, StandaloneRun

WAIT = 120.0


def test_the_run_advertises_an_https_url(tls_run: StandaloneRun) -> None:
    assert tls_run.url.startswith("https://127.0.0.1:")


def test_with_the_ca_file_the_workers_that_joined_over_tls_are_listed(
    tls_run: StandaloneRun, certificate: SelfSigned
) -> None:
    coordinator = tls_run.coordinator(ca_file=certificate.certificate)

    workers = coordinator.wait_for_workers(2, timeout=WAIT, progress=False)

    assert len(workers) == 2


def test_with_the_ca_file_a_watch_streams_over_tls(
    tls_run: StandaloneRun, certificate: SelfSigned
) -> None:
    coordinator = tls_run.coordinator(ca_file=certificate.certificate)
    coordinator.wait_for_workers(2, timeout=WAIT, progress=False)

    with coordinator.watch() as events:
        types = [next(events).type for _ in range(3)]

    assert types == ["ADDED", "ADDED", "SYNCED"]


def test_without_the_ca_file_the_certificate_is_not_trusted_and_says_so(
    tls_run: StandaloneRun,
) -> None:
    with pytest.raises(CoordinatorNotTrusted) as raised:
        tls_run.coordinator().workers()

    assert isinstance(raised.value, CoordinatorUnreachable)
    assert "not trusted" in str(raised.value)
    assert "ca_file" in str(raised.value)
    assert tls_run.url in str(raised.value)


def test_plain_http_to_the_tls_port_is_refused_saying_https_only(tls_run: StandaloneRun) -> None:
    plain = tls_run.url.replace("https://", "http://")
    token = tls_run.token_file.read_text(encoding="utf-8")

    with pytest.raises(Exception) as raised:
        Coordinator(plain, token, tls_run.cluster, timeout=10).workers()

    assert "400" in str(raised.value)
    assert "HTTPS only" in str(raised.value)


def test_a_ca_file_for_a_plain_http_url_is_a_value_error(certificate: SelfSigned) -> None:
    with pytest.raises(ValueError, match="https"):
        Coordinator("http://127.0.0.1:1", "token", "default/demo", ca_file=certificate.certificate)
