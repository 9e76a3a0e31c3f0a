package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.Kubectl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/dask in operator mode on the real API server: {@code driver.py operator} starts a Dask
 * scheduler, applies the example's AwsCluster with kubectl, finds the coordinator through {@code
 * awscluster.kubernetes.from_awscluster} (status.coordinator and the token Secret), waits for the
 * workers, maps 1,000 tasks over the real {@code dask worker} processes the operator's local
 * backend runs, and deletes the cluster. The driver authenticates as the example's own
 * ServiceAccount (examples/dask/driver-rbac.yaml), so that file is proven to be enough. The cluster
 * gets a unique name, so that its processes are told apart from any other run's.
 */
class DaskOperatorIT {
  private static final String NS = "default";
  private OperatorHarness harness;
  private String name;

  @TempDir Path workdir;

  @BeforeEach
  void start() throws IOException {
    harness = new OperatorHarness();
    name = "dask-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  @AfterEach
  void stop() {
    try {
      harness.close();
    } finally {
      OperatorHarness.liveAgents().forEach(ProcessHandle::destroyForcibly);
      ClusterProcesses.kill(NS, name);
    }
  }

  @Test
  void driverRunsDaskOnTheOperatorsWorkersThenDeletesTheCluster() throws Exception {
    int schedulerPort = freePort();
    Path clusterFile = exampleFile("cluster.yaml", schedulerPort);
    KubeApiServer server = harness.server();
    new Kubectl(server.adminKubeconfig())
        .run("apply", "-f", exampleFile("driver-rbac.yaml", schedulerPort).toString())
        .orThrow();
    Path kubeconfig =
        server.kubeconfig("dask-driver", server.serviceAccountToken(NS, "dask-driver"));

    try (DaskDriver driver =
        DaskDriver.start(
            "operator", clusterFile, Map.of("KUBECONFIG", kubeconfig.toString()), workdir)) {
      int exit = driver.waitFor(Duration.ofMinutes(6));
      String out = driver.output();

      assertThat(exit).as(out).isZero();
      String workers = name + "-0, " + name + "-1, " + name + "-2";
      assertThat(out)
          .contains("3 workers joined " + NS + "/" + name + ": " + workers)
          .contains("3 Dask workers connected to the scheduler: " + workers)
          .contains("result checked: 332833500 == 332833500");
      assertThat(harness.clusters().inNamespace(NS).withName(name).get())
          .as("deleted by the driver before it exits")
          .isNull();
      assertThat(OperatorHarness.liveAgents()).as("agents left").isEmpty();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(ClusterProcesses.of(NS, name))
                      .as("processes of the cluster (dask workers, their nannies' workers)")
                      .extracting(ClusterProcesses::describe)
                      .isEmpty());
      assertThat(driver.alive()).as("the driver and what it started").isEmpty();
      assertThat(listening(schedulerPort)).as("the scheduler still listens").isFalse();
    }
  }

  /** The example's file with this test's cluster name and scheduler port. */
  private Path exampleFile(String file, int schedulerPort) throws IOException {
    String text = Files.readString(DaskDriver.EXAMPLE.resolve(file));
    String renamed =
        text.replace("  name: dask\n", "  name: " + name + "\n")
            .replace("dask-coordinator-token", name + "-coordinator-token")
            .replace("tcp://127.0.0.1:8786", "tcp://127.0.0.1:" + schedulerPort);
    assertThat(renamed).as("the test's changes to " + file).isNotEqualTo(text);
    Path copy = workdir.resolve(file);
    Files.writeString(copy, renamed);
    return copy;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
