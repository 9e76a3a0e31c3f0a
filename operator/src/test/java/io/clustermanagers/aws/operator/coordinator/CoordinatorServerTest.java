package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoordinatorServerTest {
  private static final String NS = "team-a";
  private static final String NAME = "alpha";
  private static final String TOKEN_A = "token-of-alpha";
  private static final String TOKEN_B = "token-of-beta";
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String WORKER_JSON =
      "{\"workerId\": \"job-1:3\", \"address\": \"10.0.0.5\", \"port\": 8080}";

  private final ObjectMapper mapper = new ObjectMapper();
  private final RecordingListener listener = new RecordingListener();
  private final WorkerRegistry registry = new WorkerRegistry(new MutableClock(NOW), listener);
  private CoordinatorServer server;
  private CoordinatorClient client;

  @BeforeEach
  void startServer() throws Exception {
    registry.openCluster(new ClusterKey(NS, NAME), TOKEN_A, Duration.ofSeconds(10));
    registry.openCluster(new ClusterKey("team-b", "beta"), TOKEN_B, Duration.ofSeconds(10));
    server = CoordinatorServer.start(registry, new InetSocketAddress("127.0.0.1", 0), 2, mapper);
    client = new CoordinatorClient(server.port());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private JsonNode json(HttpResponse<String> response) throws Exception {
    return mapper.readTree(response.body());
  }

  private String error(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return json(response).path("error").asText();
  }

  @Test
  void registerAnswersTheHeartbeatInterval() throws Exception {
    HttpResponse<String> response = client.register(NS, NAME, TOKEN_A, WORKER_JSON);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("heartbeatIntervalMillis").asLong()).isEqualTo(10_000);
    assertThat(listener.notifications()).containsExactly(new ClusterKey(NS, NAME));
  }

  @Test
  void aWorkerLivesThroughRegisterHeartbeatListAndDeregister() throws Exception {
    client.register(NS, NAME, TOKEN_A, WORKER_JSON);

    assertThat(client.heartbeat(NS, NAME, TOKEN_A, "job-1:3").statusCode()).isEqualTo(204);

    HttpResponse<String> list = client.list(NS, NAME, TOKEN_A);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list))
        .isEqualTo(
            mapper.readTree(
                "{\"workers\": [{\"workerId\": \"job-1:3\", \"address\": \"10.0.0.5\","
                    + " \"port\": 8080, \"registeredAt\": \"2025-03-01T12:00:00Z\","
                    + " \"lastHeartbeat\": \"2025-03-01T12:00:00Z\"}]}"));

    assertThat(client.deregister(NS, NAME, TOKEN_A, "job-1:3").statusCode()).isEqualTo(204);
    HttpResponse<String> heartbeat = client.heartbeat(NS, NAME, TOKEN_A, "job-1:3");
    assertThat(heartbeat.statusCode()).isEqualTo(404);
    assertThat(error(heartbeat)).contains("job-1:3");
  }

  @Test
  void aMultiNodeNodeRegistersAndHeartbeatsWithItsHashSentAsPercent23() throws Exception {
    String node = "{\"workerId\": \"job-2#3\", \"address\": \"10.0.0.6\", \"port\": 0}";
    assertThat(client.register(NS, NAME, TOKEN_A, node).statusCode()).isEqualTo(200);

    assertThat(client.heartbeat(NS, NAME, TOKEN_A, "job-2%233").statusCode()).isEqualTo(204);
    assertThat(client.deregister(NS, NAME, TOKEN_A, "job-2%233").statusCode()).isEqualTo(204);
    assertThat(client.heartbeat(NS, NAME, TOKEN_A, "job-2%233").statusCode()).isEqualTo(404);
  }

  @Test
  void deregisteringAnUnknownWorkerIsStill204() throws Exception {
    assertThat(client.deregister(NS, NAME, TOKEN_A, "nobody").statusCode()).isEqualTo(204);
  }

  @Test
  void heartbeatOfAnUnknownWorkerIs404() throws Exception {
    HttpResponse<String> response = client.heartbeat(NS, NAME, TOKEN_A, "nobody");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error(response)).contains("nobody");
  }

  @Test
  void noTokenIs401WithABearerChallenge() throws Exception {
    HttpResponse<String> response = client.list(NS, NAME, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(error(response)).contains("bearer token");
  }

  @Test
  void aNonBearerSchemeIs401() throws Exception {
    HttpResponse<String> response =
        client.sendAuthorized(
            "GET", CoordinatorClient.workersPath(NS, NAME), "Basic " + TOKEN_A, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void anUnknownTokenIs401AndTheAnswerDoesNotEchoIt() throws Exception {
    HttpResponse<String> response = client.list(NS, NAME, "not-a-token-of-anyone");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(response.body()).doesNotContain("not-a-token-of-anyone");
  }

  @Test
  void aClosedClustersWorkersAreToldItIsGoneWith410NotRetryable401() throws Exception {
    client.register(NS, NAME, TOKEN_A, WORKER_JSON);

    registry.closeCluster(new ClusterKey(NS, NAME));

    HttpResponse<String> heartbeat = client.heartbeat(NS, NAME, TOKEN_A, "job-1:3");
    assertThat(heartbeat.statusCode()).isEqualTo(410);
    assertThat(error(heartbeat)).contains(NS + "/" + NAME, "no longer exists");
    assertThat(heartbeat.body()).doesNotContain(TOKEN_A);
    assertThat(client.register(NS, NAME, TOKEN_A, WORKER_JSON).statusCode()).isEqualTo(410);
    assertThat(client.list(NS, NAME, "never-a-token").statusCode())
        .as("a token no cluster ever had")
        .isEqualTo(401);
  }

  @Test
  void aRestartedCoordinatorDoesNotKnowClosedClustersSoItAnswers401() throws Exception {
    registry.closeCluster(new ClusterKey(NS, NAME));
    WorkerRegistry restarted = new WorkerRegistry(new MutableClock(NOW), key -> {});
    try (CoordinatorServer fresh =
        CoordinatorServer.start(restarted, new InetSocketAddress("127.0.0.1", 0), 2, mapper)) {
      HttpResponse<String> heartbeat =
          new CoordinatorClient(fresh.port()).heartbeat(NS, NAME, TOKEN_A, "job-1:3");

      assertThat(heartbeat.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aClusterOpenedAgainWithItsOldTokenIsNoLongerGone() throws Exception {
    ClusterKey alpha = new ClusterKey(NS, NAME);
    registry.closeCluster(alpha);

    registry.openCluster(alpha, TOKEN_A, Duration.ofSeconds(10));

    assertThat(client.register(NS, NAME, TOKEN_A, WORKER_JSON).statusCode()).isEqualTo(200);
  }

  @Test
  void anotherClustersTokenIs403() throws Exception {
    HttpResponse<String> response = client.register(NS, NAME, TOKEN_B, WORKER_JSON);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(error(response)).contains(NS + "/" + NAME);
    assertThat(registry.workers(new ClusterKey(NS, NAME))).isEmpty();
  }

  @Test
  void anUnknownTokenIs401BeforeAnUnknownRouteIs404() throws Exception {
    HttpResponse<String> response =
        client.send(
            "GET", CoordinatorClient.workersPath(NS, NAME) + "/w/other", "not-a-token", null);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void anotherClustersTokenOnAnUnknownRouteIs404AndOnAWrongMethod405() throws Exception {
    String path = CoordinatorClient.workersPath(NS, NAME);

    assertThat(client.send("GET", path + "/w/other", TOKEN_B, null).statusCode()).isEqualTo(404);
    assertThat(client.send("DELETE", path, TOKEN_B, null).statusCode()).isEqualTo(405);
  }

  @Test
  void aHeartbeatNeedsTheTokenOfTheClusterInItsPath() throws Exception {
    client.register(NS, NAME, TOKEN_A, WORKER_JSON);

    assertThat(client.heartbeat(NS, NAME, TOKEN_B, "job-1:3").statusCode()).isEqualTo(403);
    assertThat(client.heartbeat(NS, NAME, "not-a-token", "job-1:3").statusCode()).isEqualTo(401);
    assertThat(client.heartbeat(NS, NAME, TOKEN_A, "job-1:3").statusCode()).isEqualTo(204);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    HttpResponse<String> response = client.register(NS, NAME, TOKEN_A, "{\"workerId\": ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).startsWith("malformed JSON");
  }

  @Test
  void aMissingWorkerIdIs400NamingIt() throws Exception {
    HttpResponse<String> response =
        client.register(NS, NAME, TOKEN_A, "{\"address\": \"10.0.0.5\", \"port\": 0}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).isEqualTo("workerId is required");
  }

  @Test
  void aWorkerIdWithBadCharactersIs400() throws Exception {
    HttpResponse<String> response =
        client.register(
            NS, NAME, TOKEN_A, "{\"workerId\": \"a b/c\", \"address\": \"10.0.0.5\", \"port\": 0}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).startsWith("workerId must match");
    assertThat(registry.workers(new ClusterKey(NS, NAME))).isEmpty();
  }

  @Test
  void aPortOutOfRangeIs400NamingIt() throws Exception {
    HttpResponse<String> response =
        client.register(
            NS, NAME, TOKEN_A, "{\"workerId\": \"w\", \"address\": \"10.0.0.5\", \"port\": 70000}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).startsWith("port must be");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String padding = " ".repeat(100 * 1024);
    HttpResponse<String> response = client.register(NS, NAME, TOKEN_A, WORKER_JSON + padding);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response)).contains(String.valueOf(CoordinatorServer.MAX_BODY_BYTES));
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndWhatItRegistersIsNothing() throws Exception {
    String padding = " ".repeat(100 * 1024);
    HttpResponse<String> response =
        client.registerChunked(NS, NAME, TOKEN_A, WORKER_JSON + padding);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response)).contains(String.valueOf(CoordinatorServer.MAX_BODY_BYTES));
    assertThat(registry.workers(new ClusterKey(NS, NAME))).isEmpty();
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
    String padding = " ".repeat(CoordinatorServer.MAX_BODY_BYTES - WORKER_JSON.length());

    assertThat(client.register(NS, NAME, TOKEN_A, WORKER_JSON + padding).statusCode())
        .isEqualTo(200);
    assertThat(client.registerChunked(NS, NAME, TOKEN_A, WORKER_JSON + padding).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aWrongMethodIs405WithTheAllowedOnes() throws Exception {
    HttpResponse<String> response =
        client.send("DELETE", CoordinatorClient.workersPath(NS, NAME), TOKEN_A, null);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET, POST");
    assertThat(error(response)).contains("DELETE");
  }

  @Test
  void anUnknownPathIs404() throws Exception {
    assertThat(client.send("GET", "/nowhere", null, null).statusCode()).isEqualTo(404);
    HttpResponse<String> underApi =
        client.send("GET", CoordinatorClient.workersPath(NS, NAME) + "/w/other", TOKEN_A, null);
    assertThat(underApi.statusCode()).isEqualTo(404);
    assertThat(error(underApi)).contains("no route");
  }

  @Test
  void healthzAnswersOkWithoutAToken() throws Exception {
    HttpResponse<String> response = client.send("GET", "/healthz", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void registeringAgainIsFine() throws Exception {
    client.register(NS, NAME, TOKEN_A, WORKER_JSON);
    HttpResponse<String> again = client.register(NS, NAME, TOKEN_A, WORKER_JSON);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(registry.workers(new ClusterKey(NS, NAME))).hasSize(1);
  }
}
