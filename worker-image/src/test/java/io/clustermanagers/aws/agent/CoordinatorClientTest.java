package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoordinatorClientTest {

  private static final String WORKERS = "/v1/clusters/team-a/cluster-1/workers";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final CoordinatorContact contact = new CoordinatorContact(clock);
  private FakeCoordinator coordinator;
  private CoordinatorClient client;

  @BeforeEach
  void startCoordinator() throws IOException {
    coordinator = FakeCoordinator.start();
    client = clientFor(coordinator.url());
  }

  @AfterEach
  void stopCoordinator() {
    coordinator.close();
  }

  private CoordinatorClient clientFor(URI url) {
    AgentConfig config =
        new AgentConfig(
            url,
            "team-a",
            "cluster-1",
            "tok-1",
            "job:2",
            "10.1.2.3",
            8080,
            Duration.ofSeconds(1),
            Duration.ofMinutes(15),
            java.util.Map.of());
    return new CoordinatorClient(config, http, json, contact);
  }

  @Test
  void registerPostsTheWorkerWithTheBearerTokenAndReturnsTheInterval() throws Exception {
    Duration interval = client.register();

    assertThat(interval).isEqualTo(Duration.ofMillis(FakeCoordinator.HEARTBEAT_INTERVAL_MILLIS));
    FakeCoordinator.Recorded post = coordinator.requests("POST").get(0);
    assertThat(post.path()).isEqualTo(WORKERS);
    assertThat(post.authorization()).isEqualTo("Bearer tok-1");
    assertThat(json.readValue(post.body(), Map.class))
        .isEqualTo(Map.of("workerId", "job:2", "address", "10.1.2.3", "port", 8080));
  }

  @Test
  void heartbeatOfARegisteredWorkerIsOk() throws Exception {
    client.register();

    assertThat(client.heartbeat()).isEqualTo(HeartbeatResult.OK);
    FakeCoordinator.Recorded put = coordinator.requests("PUT").get(0);
    assertThat(put.path()).isEqualTo(WORKERS + "/job:2/heartbeat");
    assertThat(put.authorization()).isEqualTo("Bearer tok-1");
  }

  @Test
  void heartbeatOfAnUnknownWorkerSaysSo() throws Exception {
    assertThat(client.heartbeat()).isEqualTo(HeartbeatResult.UNKNOWN_WORKER);
  }

  @Test
  void deregisterDeletesTheWorker() throws Exception {
    client.register();

    client.deregister(Duration.ofSeconds(2));

    FakeCoordinator.Recorded delete = coordinator.requests("DELETE").get(0);
    assertThat(delete.path()).isEqualTo(WORKERS + "/job:2");
    assertThat(delete.status()).isEqualTo(204);
    assertThat(client.heartbeat()).isEqualTo(HeartbeatResult.UNKNOWN_WORKER);
  }

  @Test
  void onlyAnAcceptedRegistrationOrHeartbeatCountsAsReachingTheCoordinator() throws Exception {
    Instant start = contact.lastReached();
    clock.advance(Duration.ofMinutes(1));
    client.heartbeat();
    assertThat(contact.lastReached()).as("404: the worker is unknown").isEqualTo(start);
    coordinator.answerNextRegistrationsWith(401);
    assertThatThrownBy(client::register).isInstanceOf(UnexpectedStatusException.class);
    assertThat(contact.lastReached()).as("401").isEqualTo(start);

    client.register();
    assertThat(contact.lastReached()).isEqualTo(start.plusSeconds(60));
    clock.advance(Duration.ofMinutes(1));
    client.heartbeat();
    assertThat(contact.lastReached()).isEqualTo(start.plusSeconds(120));
    assertThat(contact.silentFor()).isZero();
  }

  @Test
  void aGoneClusterIsToldApartFromEveryOtherRefusal() throws Exception {
    client.register();
    coordinator.answerAllAsGone();

    assertThatThrownBy(client::heartbeat)
        .isInstanceOfSatisfying(
            UnexpectedStatusException.class,
            e -> {
              assertThat(e.isClusterGone()).isTrue();
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageContaining("410");
    assertThatThrownBy(client::register)
        .isInstanceOfSatisfying(
            UnexpectedStatusException.class, e -> assertThat(e.isClusterGone()).isTrue());
    client.deregister(Duration.ofSeconds(2)); // no error: the entry is gone either way
  }

  @Test
  void refusedRegistrationCarriesStatusAndTheCoordinatorsError() {
    coordinator.answerRegistrationsWith(403);

    assertThatThrownBy(client::register)
        .isInstanceOfSatisfying(
            UnexpectedStatusException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.isClusterGone()).isFalse();
            })
        .hasMessageContaining("registration refused by the fake")
        .hasMessageNotContaining("tok-1");
  }

  @Test
  void serverErrorIsRetryable() {
    coordinator.answerRegistrationsWith(503);

    assertThatThrownBy(client::register)
        .isInstanceOfSatisfying(
            UnexpectedStatusException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  void unreachableCoordinatorIsAnIoException() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CoordinatorClient unreachable = clientFor(URI.create("http://127.0.0.1:" + closedPort));

    assertThatThrownBy(unreachable::heartbeat).isInstanceOf(IOException.class);
  }
}
