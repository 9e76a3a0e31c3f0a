"""The coordinator's driver API: list the workers of a cluster, wait for them, watch them."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from . import errors
from ._http import Target
from ._progress import progress_bar

_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
_INSTANT = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?Z$")

#: Types of :class:`WatchEvent`.
ADDED = "ADDED"
DELETED = "DELETED"
SYNCED = "SYNCED"
CLOSED = "CLOSED"
_YIELDED = {ADDED, DELETED, SYNCED, CLOSED}


def parse_cluster(cluster: str) -> Tuple[str, str]:
    """``"namespace/name"`` (or ``"name"`` in namespace ``default``) as ``(namespace, name)``."""
    parts = cluster.split("/")
    if len(parts) == 1:
        parts = ["default", parts[0]]
    if len(parts) != 2 or not all(_NAME.match(p) for p in parts):
        raise ValueError(
            f"cluster must be 'namespace/name' (or 'name' in namespace default), each a"
            f" Kubernetes name: {cluster!r}"
        )
    return parts[0], parts[1]


def parse_instant(text: str) -> datetime:
    """An ISO-8601 instant as Java writes it (``...Z``, up to nanoseconds), as an aware datetime."""
    match = _INSTANT.match(text)
    if not match:
        parsed = datetime.fromisoformat(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    base, fraction = match.groups()
    fmt = "%Y-%m-%dT%H:%M:%S" if base.count(":") == 2 else "%Y-%m-%dT%H:%M"
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    return datetime.strptime(base, fmt).replace(microsecond=micros, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Worker:
    """A registered worker: where its workload can be reached (``port`` 0: it listens nowhere)."""

    id: str
    address: str
    port: int
    registered_at: datetime
    last_heartbeat: datetime

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Worker":
        """From the coordinator's ``{"workerId", "address", "port", "registeredAt", ...}``."""
        return cls(
            id=str(data["workerId"]),
            address=str(data["address"]),
            port=int(data["port"]),
            registered_at=parse_instant(str(data["registeredAt"])),
            last_heartbeat=parse_instant(str(data["lastHeartbeat"])),
        )


@dataclass(frozen=True)
class WatchEvent:
    """One event of :meth:`Coordinator.watch`.

    ``type`` is ``"ADDED"`` (a worker joined; also each worker present when the watch started),
    ``"SYNCED"`` (the initial list is complete), ``"DELETED"`` (a worker left) or ``"CLOSED"``
    (the cluster was closed or the coordinator stopped: the last event, ``message`` says why).
    """

    type: str
    worker: Optional[Worker] = None
    message: Optional[str] = None


class WorkerWatch(Iterator[WatchEvent]):
    """The events of one watch stream; iterate it, and close it (or use ``with``) when done.

    ``workers`` holds the workers as of the last event returned. Iteration ends after the
    ``CLOSED`` event; a stream that ends without one raises :class:`~awscluster.WatchInterrupted`
    (the coordinator cuts off readers that fall far behind): watch again to start over.
    """

    def __init__(self, response: Any, target: Target, read_timeout: float) -> None:
        self._response = response
        self._target = target
        self._read_timeout = read_timeout
        self._done = False
        self.synced = False
        self.workers: Dict[str, Worker] = {}

    def __iter__(self) -> "WorkerWatch":
        return self

    def __next__(self) -> WatchEvent:
        if self._done:
            raise StopIteration
        while True:
            line = self._readline()
            if not line:
                self.close()
                raise self._interrupted("the stream ended without a CLOSED event")
            event = self._event(line)
            if event is not None:
                return event

    def close(self) -> None:
        """Ends the watch; the coordinator frees its slot at its next write."""
        self._done = True
        self._response.close()

    def __enter__(self) -> "WorkerWatch":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _readline(self) -> bytes:
        try:
            line: bytes = self._response.readline()
            return line
        except socket.timeout:
            self.close()
            raise errors.CoordinatorUnreachable(
                f"the watch of cluster {self._target.cluster} at {self._target.base_url} sent"
                f" nothing for {self._read_timeout:g}s (it sends a keep-alive every 15s)",
                cluster=self._target.cluster,
                url=self._target.base_url,
            ) from None
        except (http.client.HTTPException, OSError, ValueError) as e:
            self.close()
            raise self._interrupted(f"the stream broke: {e!r}") from None

    def _event(self, line: bytes) -> Optional[WatchEvent]:
        try:
            data = json.loads(line)
        except ValueError:
            self.close()
            raise self._interrupted(f"a line of the stream is not JSON: {line[:200]!r}") from None
        kind = data.get("type") if isinstance(data, dict) else None
        if kind not in _YIELDED:
            return None  # KEEPALIVE, and types a later coordinator may add
        worker = Worker.from_json(data["worker"]) if data.get("worker") else None
        if kind == ADDED and worker is not None:
            self.workers[worker.id] = worker
        elif kind == DELETED and worker is not None:
            self.workers.pop(worker.id, None)
        elif kind == SYNCED:
            self.synced = True
        elif kind == CLOSED:
            self.close()
        return WatchEvent(kind, worker, data.get("message"))

    def _interrupted(self, what: str) -> errors.WatchInterrupted:
        return errors.WatchInterrupted(
            f"the watch of cluster {self._target.cluster} at {self._target.base_url} was"
            f" interrupted: {what}. The coordinator drops watchers that fall too far behind,"
            " and all of them when it restarts: watch again",
            cluster=self._target.cluster,
            url=self._target.base_url,
        )


class Coordinator:
    """A driver's handle on one cluster's coordinator.

    ``url`` is the coordinator's base URL (what ``run`` prints, or the AwsCluster's
    ``status.coordinator.url``), ``token`` the cluster's token, ``cluster`` ``"namespace/name"``
    (a bare ``"name"`` means namespace ``default``). ``timeout`` bounds each request in seconds.
    ``ca_file`` is a PEM file of the CA (or the self-signed certificate) an ``https://``
    coordinator's certificate must chain to; without it the system's trusted CAs apply.
    """

    def __init__(
        self,
        url: str,
        token: str,
        cluster: str,
        *,
        timeout: float = 30.0,
        ca_file: Optional[Union[str, "os.PathLike[str]"]] = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"url must be an http:// or https:// URL: {url!r}")
        token = token.strip()
        if not token:
            raise ValueError("token is empty")
        self.namespace, self.name = parse_cluster(cluster)
        self.url = url.rstrip("/")
        self.timeout = timeout
        tls = None
        if ca_file is not None:
            if parsed.scheme != "https":
                raise ValueError(f"ca_file is for an https:// URL, not {url!r}")
            tls = ssl.create_default_context(cafile=os.fspath(ca_file))
        self._target = Target(self.url, token, self.cluster, tls)

    @classmethod
    def from_token_file(
        cls,
        url: str,
        path: Union[str, "os.PathLike[str]"],
        cluster: str,
        *,
        timeout: float = 30.0,
        ca_file: Optional[Union[str, "os.PathLike[str]"]] = None,
    ) -> "Coordinator":
        """With the token read from ``path`` (what ``run --token-file PATH`` writes)."""
        with open(path, encoding="utf-8") as f:
            token = f.read().strip()
        if not token:
            raise ValueError(f"the token file {os.fspath(path)} is empty")
        return cls(url, token, cluster, timeout=timeout, ca_file=ca_file)

    @property
    def cluster(self) -> str:
        """``namespace/name``."""
        return f"{self.namespace}/{self.name}"

    def __repr__(self) -> str:
        return f"Coordinator({self.url!r}, cluster={self.cluster!r})"

    def workers(self) -> List[Worker]:
        """The workers registered now, by id."""
        answer = self._target.get_json(self._workers_path(), timeout=self.timeout)
        return [Worker.from_json(w) for w in answer.get("workers", [])]

    def wait_for_workers(
        self,
        n: int,
        timeout: Optional[float] = None,
        *,
        poll_interval: float = 0.5,
        progress: Optional[bool] = None,
    ) -> List[Worker]:
        """Waits until at least ``n`` workers are registered and returns them.

        Shows a progress bar on stderr when it is a terminal (``progress=True`` always, ``False``
        never; tqdm when installed). Raises :class:`~awscluster.WorkersTimeout` (a
        ``TimeoutError``) naming how many joined when ``timeout`` seconds pass first.
        """
        if n < 0:
            raise ValueError(f"n must not be negative: {n}")
        deadline = None if timeout is None else time.monotonic() + timeout
        bar = progress_bar(n, f"workers of {self.cluster}", progress)
        try:
            while True:
                current = self.workers()
                bar.update_to(min(len(current), n))
                if len(current) >= n:
                    return current
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    raise errors.WorkersTimeout(
                        f"{len(current)} of {n} workers joined cluster {self.cluster} within"
                        f" {timeout:g}s",
                        joined=len(current),
                        wanted=n,
                        workers=current,
                        cluster=self.cluster,
                        url=self.url,
                    )
                pause = poll_interval if deadline is None else min(poll_interval, deadline - now)
                time.sleep(max(pause, 0.0))
        finally:
            bar.close()

    def watch(self, *, read_timeout: float = 60.0) -> WorkerWatch:
        """Watches workers join and leave: first an ``ADDED`` event per current worker, then
        ``SYNCED``, then ``ADDED``/``DELETED`` as they happen (see :class:`WorkerWatch`).

        ``read_timeout``: seconds without a line (the coordinator sends a keep-alive every 15s)
        after which the watch counts as dead.
        """
        response = self._target.get(
            self._workers_path() + "?watch=true",
            timeout=read_timeout,
            accept="application/x-ndjson",
        )
        return WorkerWatch(response, self._target, read_timeout)

    def _workers_path(self) -> str:
        ns = urllib.parse.quote(self.namespace, safe="")
        name = urllib.parse.quote(self.name, safe="")
        return f"/v1/clusters/{ns}/{name}/workers"
