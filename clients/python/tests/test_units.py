"""What needs no coordinator: names, instants, arguments, the progress line."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from awscluster import Coordinator, Worker
from awscluster._progress import progress_bar
from awscluster.coordinator import parse_cluster, parse_instant


def test_a_cluster_is_namespace_slash_name_or_a_name_in_default() -> None:
    assert parse_cluster("team-a/alpha") == ("team-a", "alpha")
    assert parse_cluster("demo") == ("default", "demo")
    for bad in ["a/b/c", "", "A/b", "a/", "/b", "a b/c"]:
        with pytest.raises(ValueError):
            parse_cluster(bad)


def test_instants_as_java_writes_them() -> None:
    utc = timezone.utc
    assert parse_instant("2025-03-01T12:00:00Z") == datetime(2025, 3, 1, 12, 0, 0, tzinfo=utc)
    assert parse_instant("2025-03-01T12:00:00.5Z") == datetime(2025, 3, 1, 12, 0, 0, 500000, utc)
    assert parse_instant("2026-12-01T15:00:07.511394901Z") == datetime(
        2026, 12, 1, 15, 0, 7, 511394, utc
    )
    assert parse_instant("2025-03-01T12:00Z") == datetime(2025, 3, 1, 12, 0, tzinfo=utc)


def test_a_worker_from_the_coordinators_json() -> None:
    worker = Worker.from_json(
        {
            "workerId": "job-1:3",
            "address": "10.0.0.5",
            "port": 8786,
            "registeredAt": "2025-03-01T12:00:00Z",
            "lastHeartbeat": "2025-03-01T12:00:10Z",
        }
    )

    assert worker.id == "job-1:3"
    assert worker.address == "10.0.0.5"
    assert worker.port == 8786
    assert (worker.last_heartbeat - worker.registered_at).total_seconds() == 10


def test_the_constructor_checks_its_arguments(tmp_path: object) -> None:
    with pytest.raises(ValueError, match="http"):
        Coordinator("127.0.0.1:8081", "t", "default/demo")
    with pytest.raises(ValueError, match="token"):
        Coordinator("http://127.0.0.1:8081", " \n", "default/demo")
    coordinator = Coordinator("http://127.0.0.1:8081/", "secret-token", "team-a/alpha")
    assert coordinator.url == "http://127.0.0.1:8081"
    assert coordinator.cluster == "team-a/alpha"
    assert "secret-token" not in repr(coordinator)


def test_from_token_file_refuses_an_empty_file(tmp_path: "pytest.TempPathFactory") -> None:
    path = tmp_path / "token"  # type: ignore[operator]
    path.write_text("\n")
    with pytest.raises(ValueError, match="empty"):
        Coordinator.from_token_file("http://127.0.0.1:1", path, "default/demo")


def test_no_bar_unless_on_a_terminal_or_asked() -> None:
    quiet = io.StringIO()
    bar = progress_bar(3, "workers of default/demo", None, quiet)
    bar.update_to(2)
    bar.close()
    assert quiet.getvalue() == ""

    shown = io.StringIO()
    bar = progress_bar(3, "workers of default/demo", True, shown)
    bar.update_to(2)
    bar.update_to(3)
    bar.close()
    assert "3/3" in shown.getvalue()
