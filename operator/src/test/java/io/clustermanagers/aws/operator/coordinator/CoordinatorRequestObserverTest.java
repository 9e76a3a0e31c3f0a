package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every answer is reported with its route (the metric's bounded label) and its status. */
class CoordinatorRequestObserverTest {
  private static final String NS = "team-a";
  private static final String NAME = "alpha";
  private static final String TOKEN = "token-of-alpha";
  private static final String WORKER =
      "{\"workerId\": \"w-1\", \"address\": \"10.0.0.5\", \"port\": 8080}";

  private final List<String> answered = new CopyOnWriteArrayList<>();
  private final WorkerRegistry registry =
      new WorkerRegistry(new MutableClock(Instant.parse("2025-03-01T12:00:00Z")), key -> {});
  private CoordinatorServer server;
  private CoordinatorClient client;

  @BeforeEach
  void start() throws Exception {
    registry.openCluster(new ClusterKey(NS, NAME), TOKEN, Duration.ofSeconds(10));
    server =
        CoordinatorServer.start(
            registry,
            new InetSocketAddress("127.0.0.1", 0),
            2,
            new ObjectMapper(),
            (route, status) -> answered.add(route + " " + status));
    client = new CoordinatorClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void eachRouteIsReportedWithItsStatus() throws Exception {
    client.register(NS, NAME, TOKEN, WORKER);
    client.heartbeat(NS, NAME, TOKEN, "w-1");
    client.heartbeat(NS, NAME, "not-a-token", "w-1");
    client.list(NS, NAME, TOKEN);
    client.deregister(NS, NAME, TOKEN, "w-1");
    client.send("GET", "/healthz", null, null);
    client.send("GET", "/nowhere", null, null);
    client.register(NS, NAME, TOKEN, WORKER + " ".repeat(100 * 1024));
    try (WatchReader watch = WatchReader.open(server.port(), NS, NAME, TOKEN)) {
      assertThat(watch.response().statusCode()).isEqualTo(200);
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(answered)
                    .containsExactly(
                        "register 200",
                        "heartbeat 204",
                        "heartbeat 401",
                        "list 200",
                        "deregister 204",
                        "healthz 200",
                        "other 404",
                        "register 413",
                        "watch 200"));
  }
}
