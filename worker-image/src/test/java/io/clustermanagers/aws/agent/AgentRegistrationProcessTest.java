package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real agent in its own JVM against the in-process fake coordinator: registration. */
class AgentRegistrationProcessTest {

  private static final String TOKEN = "tok-8c1f0e";
  private static final String WORKERS = "/v1/clusters/team-a/cluster-1/workers";

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

  private static Map<String, String> environment(URI coordinatorUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("ACM_COORDINATOR_URL", coordinatorUrl.toString());
    env.put("ACM_CLUSTER_NAMESPACE", "team-a");
    env.put("ACM_CLUSTER_NAME", "cluster-1");
    env.put("ACM_TOKEN", TOKEN);
    env.put("ACM_WORKER_ID", "w-1");
    env.put("ACM_WORKER_ADDRESS", "10.1.2.3");
    env.put("ACM_WORKER_PORT", "8080");
    return env;
  }

  @Test
  void registersWithItsIdentityAndTheBearerTokenAndNeverPrintsTheToken() throws Exception {
    agent = AgentProcess.start(environment(coordinator.url()), dir);

    eventually().until(() -> !coordinator.requests("POST").isEmpty());
    FakeCoordinator.Recorded post = coordinator.requests("POST").get(0);
    assertThat(post.path()).isEqualTo(WORKERS);
    assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(new ObjectMapper().readValue(post.body(), Map.class))
        .isEqualTo(Map.of("workerId", "w-1", "address", "10.1.2.3", "port", 8080));
    assertThat(agent.stderr()).contains("[agent w-1]").doesNotContain(TOKEN);
  }

  @Test
  void heartbeatsWhileIdle() throws Exception {
    agent = AgentProcess.start(environment(coordinator.url()), dir);

    eventually().until(() -> coordinator.requests("PUT").size() >= 3);
    assertThat(coordinator.requests("PUT"))
        .allSatisfy(
            put -> {
              assertThat(put.path()).isEqualTo(WORKERS + "/w-1/heartbeat");
              assertThat(put.authorization()).isEqualTo("Bearer " + TOKEN);
              assertThat(put.status()).isEqualTo(204);
            });
    assertThat(agent.isAlive()).isTrue();
  }

  @Test
  void registersAgainWhenTheCoordinatorHasForgottenIt() throws Exception {
    agent = AgentProcess.start(environment(coordinator.url()), dir);
    eventually().until(() -> !coordinator.requests("PUT").isEmpty());

    coordinator.forget("w-1");

    eventually().until(() -> statusesAfterFirstRejectedHeartbeat().size() >= 2);
    assertThat(statusesAfterFirstRejectedHeartbeat().subList(0, 2))
        .containsExactly("POST 200", "PUT 204");
  }

  private List<String> statusesAfterFirstRejectedHeartbeat() {
    List<String> all =
        coordinator.requests().stream().map(r -> r.method() + " " + r.status()).toList();
    int rejected = all.indexOf("PUT 404");
    return rejected < 0 ? List.of() : all.subList(rejected + 1, all.size());
  }

  @Test
  void keepsRetryingWhileTheCoordinatorIsDownAndRegistersOnceItIsUp() throws Exception {
    int port = freePort();
    agent = AgentProcess.start(environment(URI.create("http://127.0.0.1:" + port)), dir);
    eventually().until(() -> agent.stderr().contains("cannot register yet"));

    try (FakeCoordinator late = FakeCoordinator.startOn(port)) {
      eventually().until(() -> late.requests("POST").stream().anyMatch(r -> r.status() == 200));
      eventually().until(() -> !late.requests("PUT").isEmpty());
    }
    assertThat(agent.isAlive()).isTrue();
  }

  @Test
  void stopsOnSigtermWhileStillTryingToRegister() throws Exception {
    agent = AgentProcess.start(environment(URI.create("http://127.0.0.1:" + freePort())), dir);
    eventually().until(() -> agent.stderr().contains("cannot register yet"));

    agent.sendSigterm();

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isZero();
    assertThat(agent.stderr()).contains("stop requested");
  }

  @Test
  void exitsWithCode3WhenTheTokenIsRefusedWithoutStartingTheWorkload() throws Exception {
    coordinator.answerRegistrationsWith(403);
    Path started = dir.resolve("started");

    agent =
        AgentProcess.start(
            environment(coordinator.url()), dir, "sh", "-c", "touch '" + started + "'");

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(3);
    assertThat(coordinator.requests("POST")).hasSize(1);
    assertThat(started).doesNotExist();
    assertThat(agent.stderr()).contains("403", "ACM_CLUSTER_NAMESPACE").doesNotContain(TOKEN);
  }

  @Test
  void exitsWithCode2NamingTheMissingVariable() throws Exception {
    Map<String, String> env = environment(coordinator.url());
    env.remove("ACM_COORDINATOR_URL");

    agent = AgentProcess.start(env, dir);

    eventually().until(() -> !agent.isAlive());
    assertThat(agent.exitValue()).isEqualTo(2);
    assertThat(agent.stderr()).contains("ACM_COORDINATOR_URL").doesNotContain(TOKEN);
    assertThat(coordinator.requests()).isEmpty();
  }

  @Test
  void identifiesItselfFromEcsTaskMetadata() throws Exception {
    coordinator.serveEcsTaskMetadata(
        """
        {"TaskARN": "arn:aws:ecs:us-east-1:111122223333:task/default/9a8b7c6d",
         "Containers": [{"Networks": [{"IPv4Addresses": ["10.0.9.9"]}]}]}
        """);
    Map<String, String> env = environment(coordinator.url());
    env.remove("ACM_WORKER_ID");
    env.remove("ACM_WORKER_ADDRESS");
    env.put("ECS_CONTAINER_METADATA_URI_V4", coordinator.url() + "/ecs");

    agent = AgentProcess.start(env, dir);

    eventually().until(() -> !coordinator.requests("POST").isEmpty());
    assertThat(new ObjectMapper().readValue(coordinator.requests("POST").get(0).body(), Map.class))
        .isEqualTo(Map.of("workerId", "9a8b7c6d", "address", "10.0.9.9", "port", 8080));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
