package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent in its own JVM stops its workload and exits on its own when its coordinator is
 * lost for the loss timeout, or says at once that the cluster is gone; a coordinator restart within
 * the timeout stops nobody.
 */
class AgentGivesUpProcessTest {

  private static final String TOKEN = "tok-5e0b91";

  @TempDir Path dir;
  private FakeCoordinator coordinator;
  private AgentProcess agent;
  private ProcessHandle workload;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (workload != null) {
      workload.destroyForcibly(); // a regression must not leave the loop running after the build
    }
    if (agent != null) {
      agent.close();
    }
    if (coordinator != null) {
      coordinator.close();
    }
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
  }

  private AgentProcess startAgent(URI url, int lossTimeoutSeconds, String... workload)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ACM_COORDINATOR_URL", url.toString());
    env.put("ACM_CLUSTER_NAMESPACE", "team-a");
    env.put("ACM_CLUSTER_NAME", "cluster-1");
    env.put("ACM_TOKEN", TOKEN);
    env.put("ACM_WORKER_ID", "w-1");
    env.put("ACM_WORKER_ADDRESS", "10.1.2.3");
    env.put("ACM_STOP_GRACE_SECONDS", "1");
    env.put("ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS", Integer.toString(lossTimeoutSeconds));
    return AgentProcess.start(env, dir, workload);
  }

  /** A workload that writes its pid, then notes SIGTERM in term.txt and exits 0. */
  private String[] gracefulWorkload() {
    return new String[] {
      "sh",
      "-c",
      "trap \"echo got-term > '"
          + dir.resolve("term.txt")
          + "'; exit 0\" TERM; echo $$ > '"
          + dir.resolve("pid.tmp")
          + "'; mv '"
          + dir.resolve("pid.tmp")
          + "' '"
          + dir.resolve("pid")
          + "'; while true; do sleep 0.1; done"
    };
  }

  /** A workload that writes its pid and ignores SIGTERM. */
  private String[] stubbornWorkload() {
    return new String[] {
      "sh",
      "-c",
      "trap '' TERM; echo $$ > '"
          + dir.resolve("pid.tmp")
          + "'; mv '"
          + dir.resolve("pid.tmp")
          + "' '"
          + dir.resolve("pid")
          + "'; while true; do sleep 0.1; done"
    };
  }

  private ProcessHandle awaitWorkload() throws IOException {
    eventually().until(() -> Files.exists(dir.resolve("pid")));
    workload =
        ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("pid")).trim())).orElseThrow();
    return workload;
  }

  @Test
  void stopsTheWorkloadAndExits4WhenTheCoordinatorStaysUnreachableForTheTimeout() throws Exception {
    coordinator = FakeCoordinator.start();
    agent = startAgent(coordinator.url(), 2, gracefulWorkload());
    ProcessHandle running = awaitWorkload();
    eventually().until(() -> !coordinator.requests("PUT").isEmpty());

    coordinator.close();

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(GiveUp.EXIT_COORDINATOR_LOST);
    assertThat(Files.readString(dir.resolve("term.txt")).trim()).isEqualTo("got-term");
    assertThat(running.isAlive()).isFalse();
    assertThat(agent.stderr())
        .contains("ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS")
        .doesNotContain(TOKEN);
  }

  @Test
  void givesUpRegisteringWhenTheCoordinatorKeepsRefusingTheTokenForTheTimeout() throws Exception {
    coordinator = FakeCoordinator.start();
    coordinator.answerRegistrationsWith(401);

    agent = startAgent(coordinator.url(), 1, gracefulWorkload());

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(GiveUp.EXIT_COORDINATOR_LOST);
    assertThat(coordinator.requests("POST")).allMatch(r -> r.status() == 401);
    assertThat(dir.resolve("pid")).as("the workload never started").doesNotExist();
  }

  @Test
  void givesUpRegisteringWhenTheCoordinatorNeverAnswersWithinTheTimeout() throws Exception {
    agent = startAgent(URI.create("http://127.0.0.1:" + freePort()), 1);

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(GiveUp.EXIT_COORDINATOR_LOST);
  }

  @Test
  void killsAWorkloadThatIgnoresSigtermAndExits5AtOnceWhenTheClusterIsGone() throws Exception {
    coordinator = FakeCoordinator.start();
    // A loss timeout far beyond the test: only the 410 can end the agent.
    agent = startAgent(coordinator.url(), 3600, stubbornWorkload());
    ProcessHandle running = awaitWorkload();

    coordinator.answerAllAsGone();

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(GiveUp.EXIT_CLUSTER_GONE);
    eventually().until(() -> !running.isAlive());
    assertThat(coordinator.requests("DELETE")).as("nothing left to deregister from").isEmpty();
    assertThat(agent.stderr()).contains("the cluster is gone");
  }

  @Test
  void aRegistrationAnsweredGoneExits5WithoutStartingTheWorkload() throws Exception {
    coordinator = FakeCoordinator.start();
    coordinator.answerAllAsGone();

    agent = startAgent(coordinator.url(), 3600, gracefulWorkload());

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(GiveUp.EXIT_CLUSTER_GONE);
    assertThat(coordinator.requests("POST")).hasSize(1);
    assertThat(dir.resolve("pid")).doesNotExist();
  }

  @Test
  void aCoordinatorRestartWithinTheTimeoutStopsNobody() throws Exception {
    int lossTimeoutSeconds = 2;
    coordinator = FakeCoordinator.start();
    int port = coordinator.url().getPort();
    agent = startAgent(coordinator.url(), lossTimeoutSeconds, gracefulWorkload());
    awaitWorkload();
    eventually().until(() -> !coordinator.requests("PUT").isEmpty());

    coordinator.close();
    eventually().until(() -> agent.stderr().contains("heartbeat failed"));
    coordinator = FakeCoordinator.startOn(port); // restarted: it knows no worker

    // Heartbeats for well over twice the timeout after the restart (one every 200 ms).
    long beats = 2L * lossTimeoutSeconds * 1000 / FakeCoordinator.HEARTBEAT_INTERVAL_MILLIS + 5;
    eventually().until(() -> coordinator.requests("PUT").size() >= beats);
    List<String> first =
        coordinator.requests().stream().limit(2).map(r -> r.method() + " " + r.status()).toList();
    assertThat(first).containsExactly("PUT 404", "POST 200");
    assertThat(agent.isAlive()).isTrue();
    assertThat(workload.isAlive()).isTrue();
    assertThat(dir.resolve("term.txt")).doesNotExist();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
