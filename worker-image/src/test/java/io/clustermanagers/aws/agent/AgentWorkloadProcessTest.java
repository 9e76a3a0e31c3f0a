package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real agent in its own JVM running a workload: exit codes, SIGTERM, deregistration. */
class AgentWorkloadProcessTest {

  private static final String TOKEN = "tok-77d2a4";
  private static final String WORKER = "/v1/clusters/team-a/cluster-1/workers/w-1";

  @TempDir Path dir;
  private FakeCoordinator coordinator;
  private AgentProcess agent;

  @BeforeEach
  void startCoordinator() throws IOException {
    coordinator = FakeCoordinator.start();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (agent != null) {
      agent.close();
    }
    coordinator.close();
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
  }

  private AgentProcess startAgent(Map<String, String> extraEnv, String... workload)
      throws IOException {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "ACM_COORDINATOR_URL", coordinator.url().toString(),
                "ACM_CLUSTER_NAMESPACE", "team-a",
                "ACM_CLUSTER_NAME", "cluster-1",
                "ACM_TOKEN", TOKEN,
                "ACM_WORKER_ID", "w-1",
                "ACM_WORKER_ADDRESS", "10.1.2.3"));
    env.putAll(extraEnv);
    return AgentProcess.start(env, dir, workload);
  }

  private List<String> methods() {
    return coordinator.requests().stream()
        .filter(r -> !r.method().equals("PUT"))
        .map(r -> r.method() + " " + r.status())
        .toList();
  }

  @Test
  void exitsWithTheWorkloadsExitCodeAfterDeregistering() throws Exception {
    Path seen = dir.resolve("env.txt");
    String script =
        "echo \"token=${ACM_TOKEN:-unset} secret=${ACM_TOKEN_SECRET_ARN:-unset} id=$ACM_WORKER_ID\""
            + " > '"
            + seen
            + "'; exit 7";

    agent =
        startAgent(
            Map.of("ACM_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:1:secret:x"),
            "sh",
            "-c",
            script);

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(7);
    assertThat(methods()).containsExactly("POST 200", "DELETE 204");
    assertThat(coordinator.requests("DELETE").get(0).path()).isEqualTo(WORKER);
    assertThat(coordinator.requests("DELETE").get(0).authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(Files.readString(seen).trim()).isEqualTo("token=unset secret=unset id=w-1");
  }

  @Test
  void onTheMainNodeOfAMultiNodeJobTheWorkloadLearnsTheMainNodesAddress() throws Exception {
    Path seen = dir.resolve("main.txt");
    Map<String, String> env =
        Map.of(
            "ACM_COORDINATOR_URL", coordinator.url().toString(),
            "ACM_CLUSTER_NAMESPACE", "team-a",
            "ACM_CLUSTER_NAME", "cluster-1",
            "ACM_TOKEN", TOKEN,
            "ACM_WORKER_ADDRESS", "10.1.2.3",
            "AWS_BATCH_JOB_ID", "mnp-job#0",
            "AWS_BATCH_JOB_NODE_INDEX", "0",
            "AWS_BATCH_JOB_MAIN_NODE_INDEX", "0");
    String script =
        "echo \"$ACM_WORKER_ID main=$AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS\" > '"
            + seen
            + "'";

    agent = AgentProcess.start(env, dir, "sh", "-c", script);

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isZero();
    assertThat(Files.readString(seen).trim()).isEqualTo("mnp-job#0 main=10.1.2.3");
    assertThat(coordinator.requests("DELETE").get(0).path())
        .as("the node's # reaches the coordinator in the path, not as a fragment")
        .isEqualTo("/v1/clusters/team-a/cluster-1/workers/mnp-job#0");
  }

  @Test
  void forwardsSigtermToTheWorkloadThenDeregistersAndExitsWithItsCode() throws Exception {
    Path started = dir.resolve("started");
    Path marker = dir.resolve("term.txt");
    String script =
        "trap \"echo got-term > '"
            + marker
            + "'; exit 0\" TERM; touch '"
            + started
            + "'; while true; do sleep 0.1; done";
    agent = startAgent(Map.of(), "sh", "-c", script);
    eventually().until(() -> Files.exists(started));

    agent.sendSigterm();

    eventually().until(() -> !agent.isAlive());
    assertThat(Files.readString(marker).trim()).isEqualTo("got-term");
    assertThat(agent.exitValue()).isZero();
    assertThat(methods()).containsExactly("POST 200", "DELETE 204");
  }

  @Test
  void killsAWorkloadThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
    Path started = dir.resolve("started");
    String script =
        "trap '' TERM; echo $$ > '"
            + started
            + ".tmp'; mv '"
            + started
            + ".tmp' '"
            + started
            + "'; while true; do sleep 0.1; done";
    agent = startAgent(Map.of("ACM_STOP_GRACE_SECONDS", "1"), "sh", "-c", script);
    eventually().until(() -> Files.exists(started));
    ProcessHandle workload =
        ProcessHandle.of(Long.parseLong(Files.readString(started).trim())).orElseThrow();
    try {
      agent.sendSigterm();

      eventually().until(() -> !agent.isAlive());
      assertThat(agent.exitValue()).isEqualTo(128 + 9);
      assertThat(methods()).containsExactly("POST 200", "DELETE 204");
      eventually().until(() -> !workload.isAlive());
    } finally {
      workload.destroyForcibly(); // a regression must not leave the loop running after the build
    }
  }

  @Test
  void idleAgentDeregistersAndExitsCleanlyOnSigterm() throws Exception {
    agent = startAgent(Map.of());
    eventually().until(() -> !coordinator.requests("PUT").isEmpty());

    agent.sendSigterm();

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isZero();
    assertThat(methods()).containsExactly("POST 200", "DELETE 204");
  }

  @Test
  void workloadThatCannotStartEndsTheAgentWithCode127() throws Exception {
    agent = startAgent(Map.of(), dir.resolve("no-such-command").toString());

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(127);
    assertThat(methods()).containsExactly("POST 200", "DELETE 204");
  }
}
