"""A real coordinator for the tests: the operator's standalone ``run`` with local workers.

The jar comes from ``AWSCLUSTER_OPERATOR_JAR`` (what ``mvn verify`` passes), else from this
checkout's ``operator/target``; without either, the tests that need it are skipped.
"""

from __future__ import annotations

import glob
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from awscluster import Coordinator

REPO = Path(__file__).resolve().parents[3]
LISTENING = re.compile(r"coordinator listening at (https?://\S+) for (\S+)")
AGENT_MAIN = "io.clustermanagers.aws.agent.AgentMain"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 60.0


def operator_jar() -> Optional[Path]:
    configured = os.environ.get("AWSCLUSTER_OPERATOR_JAR")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise RuntimeError(f"AWSCLUSTER_OPERATOR_JAR={configured} is not a file")
        return path
    found = sorted(glob.glob(str(REPO / "operator/target/aws-cluster-operator-*-all.jar")))
    return Path(found[-1]) if found else None


def processes_of(namespace: str, name: str) -> List[int]:
    """Pids of the agents and workloads of this cluster (they carry its ACM_* environment)."""
    wanted = {f"ACM_CLUSTER_NAMESPACE={namespace}".encode(), f"ACM_CLUSTER_NAME={name}".encode()}
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = set((entry / "environ").read_bytes().split(b"\0"))
        except OSError:
            continue
        if wanted <= environ:
            pids.append(int(entry.name))
    return pids


def agent_pid(namespace: str, name: str, worker_id: str) -> int:
    """The pid of the agent (not its workload) of ``worker_id``."""
    for pid in processes_of(namespace, name):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if AGENT_MAIN.encode() in cmdline and f"ACM_WORKER_ID={worker_id}".encode() in environ:
            return pid
    raise AssertionError(f"no agent process of worker {worker_id}")


class StandaloneRun:
    """``java -jar ... run -f FILE --token-file PATH`` in its own process group."""

    def __init__(
        self, jar: Path, workdir: Path, replicas: int, tls: Optional["SelfSigned"] = None
    ) -> None:
        self.namespace = "default"
        self.name = f"pytest-{uuid.uuid4().hex[:8]}"
        self.replicas = replicas
        self.token_file = workdir / "token"
        self.output: List[str] = []
        cluster_file = workdir / "cluster.yaml"
        cluster_file.write_text(
            "apiVersion: aws.clustermanagers.io/v1alpha1\n"
            "kind: AwsCluster\n"
            f"metadata:\n  name: {self.name}\n  namespace: {self.namespace}\n"
            "spec:\n"
            "  backend: local\n"
            f"  replicas: {replicas}\n"
            "  registrationTimeout: 2m\n"
            "  heartbeatTimeout: 15s\n"
            "  template:\n"
            '    command: ["sleep", "600"]\n'
            + (
                "    env:\n"
                "      - name: ACM_COORDINATOR_CA_FILE\n"
                f"        value: {tls.certificate}\n"
                if tls
                else ""
            ),
            encoding="utf-8",
        )
        tls_flags = (
            [
                "--coordinator-tls-cert-file",
                str(tls.certificate),
                "--coordinator-tls-key-file",
                str(tls.key),
            ]
            if tls
            else []
        )
        java = os.environ.get("JAVA", "java")
        self.process = subprocess.Popen(
            [
                java,
                "-jar",
                str(jar),
                "run",
                "-f",
                str(cluster_file),
                "--token-file",
                str(self.token_file),
                "--local-log-dir",
                str(workdir / "logs"),
                "--coordinator-host",
                "127.0.0.1",
                "--stop-grace",
                "PT5S",
            ]
            + tls_flags,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._listening = threading.Event()
        self.url = ""
        threading.Thread(target=self._drain, daemon=True).start()

    @property
    def cluster(self) -> str:
        return f"{self.namespace}/{self.name}"

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.output.append(line)
            match = LISTENING.search(line)
            if match and match.group(2) == self.cluster:
                self.url = match.group(1)
                self._listening.set()

    def await_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._listening.wait(0.2) and self.token_file.exists():
                if self.token_file.read_text(encoding="utf-8").strip():
                    return
            if self.process.poll() is not None:
                break
        raise AssertionError("the standalone run did not start:\n" + self.log())

    def coordinator(self, **kwargs: object) -> Coordinator:
        return Coordinator.from_token_file(self.url, self.token_file, self.cluster, **kwargs)

    def agent_pid(self, worker_id: str) -> int:
        return agent_pid(self.namespace, self.name, worker_id)

    def log(self) -> str:
        return "\n".join(self.output[-80:])

    def stop(self) -> None:
        """SIGTERM, as Ctrl-C would; the process group is killed if it does not end in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
                raise AssertionError("the run did not stop on SIGTERM:\n" + self.log())

    def leftovers(self, grace: float = 5.0) -> List[int]:
        """Processes of this cluster still there ``grace`` seconds after the run ended."""
        deadline = time.monotonic() + grace
        while True:
            left = processes_of(self.namespace, self.name)
            if not left or time.monotonic() >= deadline:
                return left
            time.sleep(0.2)

    def kill_everything(self) -> None:
        """The run's process group and any process of this cluster, whatever state they are in."""
        for kill, pid in [(os.killpg, self.process.pid)] + [
            (os.kill, p) for p in processes_of(self.namespace, self.name)
        ]:
            try:
                kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


class SelfSigned:
    """A self-signed certificate for 127.0.0.1 made with openssl: ``certificate`` and ``key``."""

    def __init__(self, directory: Path) -> None:
        self.certificate = directory / "tls.crt"
        self.key = directory / "tls.key"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", str(self.key), "-out", str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )


def _start(
    tmp_path_factory: pytest.TempPathFactory, replicas: int, tls: Optional[SelfSigned] = None
) -> Iterator[StandaloneRun]:
    jar = operator_jar()
    if jar is None:
        pytest.skip(
            "no operator jar: build it (mvn -B -q install -Dquick) or set AWSCLUSTER_OPERATOR_JAR"
        )
    run = StandaloneRun(jar, tmp_path_factory.mktemp("run"), replicas, tls)
    try:
        run.await_listening()
        yield run
        run.stop()
        left = run.leftovers()
        assert not left, f"processes of {run.cluster} outlived the run: {left}\n{run.log()}"
    finally:
        run.kill_everything()


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandaloneRun]:
    """Three workers for the tests that only look."""
    yield from _start(tmp_path_factory, 3)


@pytest.fixture()
def own_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandaloneRun]:
    """Two workers for a test that changes them."""
    yield from _start(tmp_path_factory, 2)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> SelfSigned:
    return SelfSigned(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def tls_run(
    tmp_path_factory: pytest.TempPathFactory, certificate: SelfSigned
) -> Iterator[StandaloneRun]:
    """Two workers of a coordinator speaking HTTPS with ``certificate``; the agents trust it."""
    yield from _start(tmp_path_factory, 2, certificate)
