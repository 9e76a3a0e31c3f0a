#!/usr/bin/env python3
"""Dask on the workers of an AwsCluster, end to end.

    python3 examples/dask/driver.py standalone   # runs the cluster with `java -jar ... run -f`
    python3 examples/dask/driver.py operator     # `kubectl apply -f`; an operator runs the cluster

Starts a Dask scheduler at the cluster file's DASK_SCHEDULER_ADDRESS, launches the cluster (whose
workers run `dask worker` on that address), waits until the workers have joined the coordinator
and then the scheduler, maps 1,000 tasks over them, checks the result, and stops everything it
started, also on failure or Ctrl-C. Exits 0 only when the result is right and everything stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import psutil  # a dependency of distributed
import yaml  # a dependency of dask
from distributed import Client, LocalCluster, get_worker
from distributed.comm import parse_address, parse_host_port

from awscluster import Coordinator, CoordinatorError

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCHEDULER_VARIABLE = "DASK_SCHEDULER_ADDRESS"
LISTENING = re.compile(r"coordinator listening at (http://\S+) for (\S+)")
STOP_TIMEOUT = 120


class DriverError(Exception):
    """What went wrong, in a sentence for the user; the driver exits 1."""


@dataclass(frozen=True)
class ClusterFile:
    """What the driver needs from the AwsCluster file."""

    path: Path
    namespace: str
    name: str
    workers: int
    scheduler_address: str

    @property
    def cluster(self) -> str:
        return f"{self.namespace}/{self.name}"

    @staticmethod
    def read(path: Path) -> "ClusterFile":
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        metadata, spec = doc.get("metadata") or {}, doc.get("spec") or {}
        env = (spec.get("template") or {}).get("env") or []
        address = next((e.get("value") for e in env if e.get("name") == SCHEDULER_VARIABLE), None)
        if not address:
            raise DriverError(
                f"{path}: spec.template.env has no {SCHEDULER_VARIABLE}: the workers would not"
                " know where the scheduler is"
            )
        return ClusterFile(
            path=path,
            namespace=metadata.get("namespace") or "default",
            name=metadata["name"],
            workers=int(spec.get("minReady") or spec["replicas"]),
            scheduler_address=address,
        )


def start_scheduler(address: str, bind_host: Optional[str]) -> LocalCluster:
    """A scheduler without workers of its own, listening at ``address`` (or ``bind_host``)."""
    protocol, location = parse_address(address)
    host, port = parse_host_port(location)
    listen = bind_host or host
    try:
        return LocalCluster(
            n_workers=0,
            protocol=f"{protocol}://",
            host=listen,
            scheduler_port=port,
            dashboard_address=f"{listen}:0",
        )
    except OSError as e:
        raise DriverError(
            f"cannot start the Dask scheduler at {address}: {e}; is another one running there?"
            f" (change {SCHEDULER_VARIABLE} in the cluster file to move it)"
        ) from None


def square(i: int) -> Tuple[int, str]:
    """One task: i squared, and the name of the Dask worker that computed it."""
    return i * i, str(get_worker().name)


def compute(client: Client, tasks: int) -> Tuple[int, List[str]]:
    """The sum of i² over ``tasks`` tasks, and the workers they ran on."""
    results = client.gather(client.map(square, range(tasks)))
    return sum(r for r, _ in results), sorted({w for _, w in results})


class StandaloneRun:
    """``java -jar JAR run -f FILE --token-file PATH``, its output echoed with ``run |``."""

    def __init__(self, jar: Path, cluster_file: ClusterFile, workdir: Path) -> None:
        self.cluster_file = cluster_file
        self.token_file = workdir / "token"
        self.url: Optional[str] = None
        self.output: List[str] = []
        self.process = subprocess.Popen(
            [os.environ.get("JAVA", "java"), "-jar", str(jar), "run"]
            + ["-f", str(cluster_file.path), "--token-file", str(self.token_file)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._echo, daemon=True)
        self._reader.start()

    def _echo(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            line = line.rstrip()
            self.output.append(line)
            print("run |", line, flush=True)
            match = LISTENING.search(line)
            if match and match.group(2) == self.cluster_file.cluster:
                self.url = match.group(1)

    def coordinator(self, deadline: float) -> Coordinator:
        """Once the run listens and has written the token file."""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._reader.join(5)
                raise DriverError(f"the standalone run exited {self.process.returncode}")
            if self.url and self.token_file.exists() and self.token_file.read_text().strip():
                return Coordinator.from_token_file(
                    self.url, self.token_file, self.cluster_file.cluster
                )
            time.sleep(0.2)
        raise DriverError("the standalone run did not start its coordinator in time")

    def stop(self) -> None:
        """SIGTERM (as Ctrl-C), which stops every worker; killed with its children if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            for child in psutil.Process(self.process.pid).children(recursive=True):
                child.kill()
            self.process.kill()
            raise DriverError(f"the standalone run did not stop within {STOP_TIMEOUT}s: killed")
        self._reader.join(5)
        if code not in (0, 128 + signal.SIGTERM):  # a JVM ends with 143 after its SIGTERM hooks
            raise DriverError(f"the standalone run exited {code} while stopping")


@contextlib.contextmanager
def standalone_cluster(cluster_file: ClusterFile, jar: Path, deadline: float) -> Iterator[Any]:
    with tempfile.TemporaryDirectory(prefix="dask-driver-") as workdir:
        run = StandaloneRun(jar, cluster_file, Path(workdir))
        try:
            yield run.coordinator(deadline)
        finally:
            print("stopping the standalone run (SIGTERM)", flush=True)
            run.stop()


def kubectl(*args: str) -> str:
    command = [os.environ.get("KUBECTL", "kubectl"), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=STOP_TIMEOUT + 30)
    if done.returncode != 0:
        raise DriverError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    print("kubectl |", done.stdout.strip(), flush=True)
    return done.stdout


def operator_coordinator(cluster_file: ClusterFile, deadline: float) -> Coordinator:
    """From the AwsCluster's status.coordinator and token Secret, once the coordinator answers."""
    from awscluster.kubernetes import from_awscluster  # needs the kubernetes client

    while True:
        try:
            coordinator = from_awscluster(cluster_file.name, cluster_file.namespace)
            coordinator.workers()
            return coordinator
        except CoordinatorError as e:  # no status yet, no Secret yet, token not yet accepted
            if time.monotonic() >= deadline:
                raise DriverError(f"the operator did not open cluster {cluster_file.cluster}: {e}")
            time.sleep(1)


@contextlib.contextmanager
def operator_cluster(cluster_file: ClusterFile, deadline: float) -> Iterator[Any]:
    kubectl("apply", "-f", str(cluster_file.path))
    try:
        yield operator_coordinator(cluster_file, deadline)
    finally:
        print("deleting the AwsCluster (the operator stops every worker first)", flush=True)
        kubectl("delete", "-f", str(cluster_file.path), "--wait=true", f"--timeout={STOP_TIMEOUT}s")


def use_the_workers(args: argparse.Namespace, cluster_file: ClusterFile) -> None:
    deadline = time.monotonic() + args.timeout
    with contextlib.ExitStack() as stack:
        scheduler = stack.enter_context(
            start_scheduler(cluster_file.scheduler_address, args.scheduler_host)
        )
        client = stack.enter_context(Client(scheduler))
        print(f"Dask scheduler at {scheduler.scheduler_address}", flush=True)
        if args.mode == "standalone":
            coordinator = stack.enter_context(
                standalone_cluster(cluster_file, operator_jar(args.jar), deadline)
            )
        else:
            coordinator = stack.enter_context(operator_cluster(cluster_file, deadline))
        n = cluster_file.workers
        joined = coordinator.wait_for_workers(n, timeout=max(deadline - time.monotonic(), 1))
        print(f"{len(joined)} workers joined {coordinator.cluster}: {ids(w.id for w in joined)}")
        client.wait_for_workers(n, timeout=max(deadline - time.monotonic(), 1))
        names = ids(str(w["name"]) for w in client.scheduler_info()["workers"].values())
        print(f"{n} Dask workers connected to the scheduler: {names}", flush=True)
        total, ran_on = compute(client, args.tasks)
        expected = sum(i * i for i in range(args.tasks))
        print(f"{args.tasks} tasks ran on {ids(ran_on)}: sum of squares {total}", flush=True)
        if total != expected:
            raise DriverError(f"wrong result: {total}, expected {expected}")
        print(f"result checked: {total} == {expected}", flush=True)
    print("everything stopped", flush=True)


def ids(values: Any) -> str:
    return ", ".join(sorted(values))


def operator_jar(configured: Optional[str]) -> Path:
    configured = configured or os.environ.get("AWSCLUSTER_OPERATOR_JAR")
    if configured:
        return Path(configured)
    found = sorted(glob.glob(str(REPO / "operator/target/aws-cluster-operator-*-all.jar")))
    if not found:
        raise DriverError(
            "no operator jar: build it with `mvn -B -q package -Dquick`, or pass --jar"
        )
    return Path(found[-1])


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["standalone", "operator"])
    parser.add_argument("-f", "--cluster-file", type=Path, default=HERE / "cluster.yaml")
    parser.add_argument("--jar", help="the operator's -all.jar (standalone; default: the build's)")
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds for the workers to join"
    )
    parser.add_argument(
        "--scheduler-host", help="address the scheduler binds (default: DASK_SCHEDULER_ADDRESS's)"
    )
    return parser.parse_args(argv)


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    # SIGTERM tears down like Ctrl-C does: the finally blocks stop the cluster and the scheduler.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        use_the_workers(args, ClusterFile.read(args.cluster_file))
        return 0
    except (DriverError, CoordinatorError, TimeoutError) as e:
        print(f"error: {e}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
