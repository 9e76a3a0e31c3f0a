"""The client against a real coordinator: the standalone run with local workers."""

from __future__ import annotations

import os
import signal
import socket
import time
from datetime import datetime
from typing import Dict, List

import pytest

import awscluster
from awscluster import (
    ClusterNotFound,
    Coordinator,
    CoordinatorUnreachable,
    TokenRefused,
    TooManyWatchers,
    WatchEvent,
    WorkersTimeout,
    WorkerWatch,
)

from conftest import StandaloneRun

WAIT = 120.0


def until_synced(watch: WorkerWatch) -> List[WatchEvent]:
    events = []
    for event in watch:
        events.append(event)
        if event.type == awscluster.SYNCED:
            return events
    raise AssertionError(f"the watch ended before SYNCED: {events}")


def test_workers_lists_them_once_they_joined(run: StandaloneRun) -> None:
    coordinator = run.coordinator()

    joined = coordinator.wait_for_workers(3, timeout=WAIT, progress=False)
    workers = coordinator.workers()

    expected = sorted(f"{run.name}-{i}" for i in range(3))
    assert [w.id for w in joined] == expected
    assert [w.id for w in workers] == expected
    for worker in workers:
        assert worker.address == "127.0.0.1"
        assert worker.port == 0
        assert isinstance(worker.registered_at, datetime)
        assert worker.registered_at.tzinfo is not None
        assert worker.registered_at <= worker.last_heartbeat


def test_wait_for_more_workers_than_there_are_names_the_counts(run: StandaloneRun) -> None:
    coordinator = run.coordinator()
    coordinator.wait_for_workers(3, timeout=WAIT, progress=False)

    with pytest.raises(WorkersTimeout) as raised:
        coordinator.wait_for_workers(10, timeout=1.5, progress=False)

    assert isinstance(raised.value, TimeoutError)
    assert raised.value.joined == 3
    assert raised.value.wanted == 10
    assert len(raised.value.workers) == 3
    assert str(raised.value) == f"3 of 10 workers joined cluster {run.cluster} within 1.5s"


def test_wait_shows_progress_when_asked(
    run: StandaloneRun, capsys: pytest.CaptureFixture[str]
) -> None:
    run.coordinator().wait_for_workers(3, timeout=WAIT, progress=True)

    assert "3/3" in capsys.readouterr().err


def test_watch_starts_with_the_current_workers(run: StandaloneRun) -> None:
    coordinator = run.coordinator()
    listed = {w.id for w in coordinator.wait_for_workers(3, timeout=WAIT, progress=False)}

    with coordinator.watch() as watch:
        events = until_synced(watch)

    assert [e.type for e in events] == ["ADDED"] * 3 + ["SYNCED"]
    assert {e.worker.id for e in events if e.worker} == listed
    assert set(watch.workers) == listed
    assert watch.synced


def test_a_wrong_token_is_refused_naming_the_cluster(run: StandaloneRun) -> None:
    with pytest.raises(TokenRefused) as raised:
        Coordinator(run.url, "not-the-token", run.cluster).workers()

    assert raised.value.status == 401
    assert str(raised.value).startswith(f"token refused for cluster {run.cluster}")
    assert "not-the-token" not in str(raised.value)


def test_the_token_of_one_cluster_is_refused_for_another(run: StandaloneRun) -> None:
    token = run.token_file.read_text(encoding="utf-8")

    with pytest.raises(TokenRefused) as raised:
        Coordinator(run.url, token, "default/some-other").workers()

    assert raised.value.status == 403
    assert str(raised.value).startswith("token refused for cluster default/some-other")


def test_a_url_where_no_cluster_is_served_is_no_such_cluster(run: StandaloneRun) -> None:
    coordinator = Coordinator.from_token_file(run.url + "/not-here", run.token_file, run.cluster)

    with pytest.raises(ClusterNotFound) as raised:
        coordinator.workers()

    assert str(raised.value).startswith(f"no such cluster {run.cluster} at {run.url}/not-here")


def test_the_watcher_limit_is_a_clear_error(run: StandaloneRun) -> None:
    coordinator = run.coordinator()
    watches = []
    try:
        # Watches closed by earlier tests hold their slot until the coordinator's next keep-alive,
        # so count up to the refusal rather than to 16.
        with pytest.raises(TooManyWatchers) as raised:
            for _ in range(17):
                watch = coordinator.watch()
                watches.append(watch)
                until_synced(watch)
    finally:
        for watch in watches:
            watch.close()

    assert 1 <= len(watches) <= 16
    assert raised.value.status == 429
    assert f"cluster {run.cluster} already has 16 watchers" in str(raised.value)


def test_watch_yields_the_leave_of_a_worker_whose_process_ends(own_run: StandaloneRun) -> None:
    coordinator = own_run.coordinator()
    coordinator.wait_for_workers(2, timeout=WAIT, progress=False)

    with coordinator.watch() as watch:
        initial = {e.worker.id for e in until_synced(watch) if e.worker}
        victim = sorted(initial)[0]
        os.kill(own_run.agent_pid(victim), signal.SIGTERM)

        seen: List[str] = []
        deadline = time.monotonic() + WAIT
        for event in watch:
            assert event.worker is not None, event
            seen.append(f"{event.type} {event.worker.id}")
            if event.type == awscluster.ADDED and event.worker.id not in initial:
                break  # the replacement
            assert time.monotonic() < deadline, seen

    assert seen[0] == f"DELETED {victim}"
    assert victim not in watch.workers
    assert len(watch.workers) == 2


def test_a_refused_connection_names_the_url() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"

    with pytest.raises(CoordinatorUnreachable) as raised:
        Coordinator(url, "token", "default/demo", timeout=5).workers()

    assert isinstance(raised.value, ConnectionError)
    assert str(raised.value).startswith(f"cannot reach the coordinator at {url}")
    assert "refused" in str(raised.value).lower()
