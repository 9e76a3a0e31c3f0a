"""examples/dask/driver.py end to end in standalone mode: real `dask worker` processes as the
workload of local workers, started by the operator's standalone run.

Each test runs the driver as a user would (its own process group, so that everything it started
can be killed if it hangs), on a copy of cluster.yaml with a unique name and a free scheduler port.
Afterwards no process of the cluster (agents, `dask worker` and its nanny's worker) may be left,
nor the run, nor the scheduler. Linux only: processes are found in /proc.
"""

from __future__ import annotations

import glob
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
import yaml

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent
REPO = EXAMPLE.parents[1]
DRIVER_TIMEOUT = 300


def operator_jar() -> Path:
    configured = os.environ.get("AWSCLUSTER_OPERATOR_JAR")
    found = [configured] if configured else glob.glob(str(REPO / "operator/target/*-all.jar"))
    if not found:
        pytest.skip(
            "no operator jar: build it (mvn -B -q package -Dquick) or set AWSCLUSTER_OPERATOR_JAR"
        )
    return Path(sorted(found)[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def processes_of(name: str, cluster_file: Path) -> List[int]:
    """The cluster's agents and workloads (they carry its ACM_* environment), and the run."""
    wanted = {b"ACM_CLUSTER_NAMESPACE=default", f"ACM_CLUSTER_NAME={name}".encode()}
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = set((entry / "environ").read_bytes().split(b"\0"))
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if wanted <= environ or str(cluster_file).encode() in cmdline:
            pids.append(int(entry.name))
    return pids


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


class Driver:
    """``python3 examples/dask/driver.py standalone -f COPY`` in a process group of its own."""

    def __init__(self, workdir: Path) -> None:
        self.name = f"dask-{uuid.uuid4().hex[:8]}"
        self.port = free_port()
        doc = yaml.safe_load((EXAMPLE / "cluster.yaml").read_text(encoding="utf-8"))
        doc["metadata"]["name"] = self.name
        for var in doc["spec"]["template"]["env"]:
            if var["name"] == "DASK_SCHEDULER_ADDRESS":
                var["value"] = f"tcp://127.0.0.1:{self.port}"
        self.cluster_file = workdir / "cluster.yaml"
        self.cluster_file.write_text(yaml.safe_dump(doc), encoding="utf-8")
        self.output = workdir / "driver.out"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACM_")}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO / "clients/python/src")] + [p for p in [env.get("PYTHONPATH")] if p]
        )
        env["AWSCLUSTER_OPERATOR_JAR"] = str(operator_jar())
        env["ACM_LOCAL_LOG_DIR"] = str(workdir / "logs")  # the run's --local-log-dir
        with open(self.output, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(EXAMPLE / "driver.py"), "standalone"]
                + ["-f", str(self.cluster_file), "--timeout", "240"],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")

    def wait_for_line(self, fragment: str, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while fragment not in self.text():
            assert self.process.poll() is None, f"driver ended first:\n{self.text()}"
            assert time.monotonic() < deadline, f"no {fragment!r} in:\n{self.text()}"
            time.sleep(0.2)

    def wait(self) -> int:
        return self.process.wait(DRIVER_TIMEOUT)

    def leftovers(self, grace: float = 10.0) -> List[int]:
        deadline = time.monotonic() + grace
        while True:
            left = processes_of(self.name, self.cluster_file)
            if group_alive(self.process.pid):
                left.append(-self.process.pid)
            if not left or time.monotonic() >= deadline:
                return left
            time.sleep(0.2)

    def scheduler_listening(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def kill_everything(self) -> None:
        kills = [(os.killpg, self.process.pid)]
        kills += [(os.kill, p) for p in processes_of(self.name, self.cluster_file)]
        for kill, pid in kills:
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.process.poll() is None:
            self.process.wait(10)


@pytest.fixture()
def driver(tmp_path: Path) -> Iterator[Driver]:
    started = Driver(tmp_path)
    try:
        yield started
    finally:
        started.kill_everything()


def line_after(text: str, prefix: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(prefix)]
    assert lines, f"no line starting {prefix!r} in:\n{text}"
    return lines[-1][len(prefix) :]


def test_maps_1000_tasks_over_the_clusters_dask_workers_and_leaves_nothing(driver: Driver) -> None:
    code = driver.wait()
    out = driver.text()
    assert code == 0, out
    assert "result checked: 332833500 == 332833500" in out
    worker_ids = [f"{driver.name}-{i}" for i in range(3)]
    assert line_after(out, f"3 workers joined default/{driver.name}: ") == ", ".join(worker_ids)
    connected = line_after(out, "3 Dask workers connected to the scheduler: ")
    assert connected == ", ".join(worker_ids), "the Dask workers are the cluster's workers"
    ran_on = line_after(out, "1000 tasks ran on ").split(":")[0].split(", ")
    assert ran_on and set(ran_on) <= set(worker_ids)
    assert not driver.leftovers(), f"processes left:\n{out}"
    assert not driver.scheduler_listening()


def test_sigterm_while_the_workers_start_stops_them_all(driver: Driver) -> None:
    driver.wait_for_line("Launched")
    driver.process.send_signal(signal.SIGTERM)
    code = driver.wait()
    out = driver.text()
    assert code == 128 + signal.SIGTERM, out
    assert "stopping the standalone run (SIGTERM)" in out
    assert "result checked" not in out
    assert not driver.leftovers(), f"processes left:\n{out}"
    assert not driver.scheduler_listening()
