package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET .../workers?watch=true} over real HTTP on a free port. */
@Timeout(120)
class CoordinatorWatchTest {
  private static final String NS = "team-a";
  private static final String NAME = "alpha";
  private static final ClusterKey ALPHA = new ClusterKey(NS, NAME);
  private static final ClusterKey BETA = new ClusterKey("team-b", "beta");
  private static final String TOKEN_A = "token-of-alpha";
  private static final String TOKEN_B = "token-of-beta";
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Duration LONG = Duration.ofMinutes(10);

  private final ObjectMapper mapper = new ObjectMapper();
  private final MutableClock clock = new MutableClock(NOW);
  private final WorkerRegistry registry = new WorkerRegistry(clock, key -> {});
  private final List<AutoCloseable> opened = new ArrayList<>();
  private CoordinatorServer server;
  private CoordinatorClient client;

  private void start(int threads, WatchSettings settings) throws IOException {
    registry.openCluster(ALPHA, TOKEN_A, Duration.ofSeconds(10));
    registry.openCluster(BETA, TOKEN_B, Duration.ofSeconds(10));
    server =
        CoordinatorServer.start(
            registry,
            new InetSocketAddress("127.0.0.1", 0),
            threads,
            mapper,
            RequestObserver.NONE,
            settings);
    client = new CoordinatorClient(server.port());
  }

  private void start() throws IOException {
    start(2, new WatchSettings(16, 64, LONG, LONG));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private WatchReader watch(String token) throws Exception {
    WatchReader reader = WatchReader.open(server.port(), NS, NAME, token);
    opened.add(reader);
    return reader;
  }

  private void register(String id, String address) throws Exception {
    String json =
        "{\"workerId\": \"" + id + "\", \"address\": \"" + address + "\", \"port\": 8786}";
    assertThat(client.register(NS, NAME, TOKEN_A, json).statusCode()).isEqualTo(200);
  }

  private static String describe(JsonNode event) {
    JsonNode worker = event.path("worker");
    return worker.isMissingNode()
        ? event.path("type").asText()
        : event.path("type").asText()
            + " "
            + worker.path("workerId").asText()
            + "@"
            + worker.path("address").asText();
  }

  private static List<String> describe(WatchReader reader, int count) throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(describe(reader.next()));
    }
    return events;
  }

  @Test
  void startsWithTheCurrentWorkersThenSyncedThenJoinsAndLeaves() throws Exception {
    start();
    register("w-2", "10.0.0.2");
    register("w-1", "10.0.0.1");

    WatchReader reader = watch(TOKEN_A);
    assertThat(reader.response().statusCode()).isEqualTo(200);
    assertThat(reader.response().headers().firstValue("Content-Type"))
        .contains("application/x-ndjson");
    assertThat(describe(reader, 3))
        .containsExactly("ADDED w-1@10.0.0.1", "ADDED w-2@10.0.0.2", "SYNCED");

    register("w-3", "10.0.0.3");
    JsonNode joined = reader.next();
    assertThat(joined)
        .isEqualTo(
            mapper.readTree(
                "{\"type\": \"ADDED\", \"worker\": {\"workerId\": \"w-3\", \"address\":"
                    + " \"10.0.0.3\", \"port\": 8786, \"registeredAt\": \"2025-03-01T12:00:00Z\","
                    + " \"lastHeartbeat\": \"2025-03-01T12:00:00Z\"}}"));

    // Heartbeats and registering again from the same place are no events: the next one is the
    // leave.
    clock.advance(Duration.ofSeconds(5));
    assertThat(client.heartbeat(NS, NAME, TOKEN_A, "w-3").statusCode()).isEqualTo(204);
    register("w-3", "10.0.0.3");
    assertThat(client.deregister(NS, NAME, TOKEN_A, "w-1").statusCode()).isEqualTo(204);
    registry.forget(ALPHA, "w-2");
    register("w-3", "10.0.0.9");

    assertThat(describe(reader, 4))
        .containsExactly(
            "DELETED w-1@10.0.0.1",
            "DELETED w-2@10.0.0.2",
            "DELETED w-3@10.0.0.3",
            "ADDED w-3@10.0.0.9");
  }

  @Test
  void writesKeepAlivesWhileNothingHappens() throws Exception {
    start(2, new WatchSettings(16, 64, Duration.ofMillis(50), LONG));

    WatchReader reader = watch(TOKEN_A);

    assertThat(reader.nextLine().path("type").asText()).isEqualTo("SYNCED");
    assertThat(reader.nextLine()).isEqualTo(mapper.readTree("{\"type\": \"KEEPALIVE\"}"));
    assertThat(reader.nextLine().path("type").asText()).isEqualTo("KEEPALIVE");
  }

  @Test
  void theSameTokenRulesAsTheListApply() throws Exception {
    start();

    WatchReader none = watch(null);
    assertThat(none.response().statusCode()).isEqualTo(401);
    assertThat(none.response().headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(watch("not-a-token").response().statusCode()).isEqualTo(401);
    WatchReader other = watch(TOKEN_B);
    assertThat(other.response().statusCode()).isEqualTo(403);
    assertThat(server.watchers(ALPHA)).isZero();
  }

  @Test
  void aWatchValueOtherThanTrueOrFalseIs400() throws Exception {
    start();

    WatchReader reader = WatchReader.open(server.port(), NS, NAME, TOKEN_A, "watch=yes");
    opened.add(reader);

    assertThat(reader.response().statusCode()).isEqualTo(400);
    assertThat(reader.errorBody()).contains("watch must be true or false");
    assertThat(
            mapper
                .readTree(
                    client
                        .send(
                            "GET",
                            CoordinatorClient.workersPath(NS, NAME) + "?watch=false",
                            TOKEN_A,
                            null)
                        .body())
                .has("workers"))
        .isTrue();
  }

  @Test
  void oneWatcherMoreThanTheLimitIs429UntilOneEnds() throws Exception {
    start(2, new WatchSettings(2, 64, Duration.ofMillis(50), LONG));
    WatchReader first = watch(TOKEN_A);
    watch(TOKEN_A);

    WatchReader third = watch(TOKEN_A);

    assertThat(third.response().statusCode()).isEqualTo(429);
    assertThat(third.response().headers().firstValue("Retry-After")).isPresent();
    assertThat(third.errorBody())
        .contains("cluster " + NS + "/" + NAME + " already has 2 watchers");
    WatchReader beta = WatchReader.open(server.port(), "team-b", "beta", TOKEN_B);
    opened.add(beta);
    assertThat(beta.response().statusCode()).as("the limit is per cluster").isEqualTo(200);

    first.close();
    // The server learns that the driver went at its next write (a keep-alive).
    await().atMost(Duration.ofSeconds(20)).until(() -> server.watchers(ALPHA) == 1);
    assertThat(watch(TOKEN_A).response().statusCode()).isEqualTo(200);
  }

  @Test
  void watchStreamsDoNotTakeTheThreadsThatServeWorkers() throws Exception {
    start(1, new WatchSettings(16, 64, LONG, LONG));
    for (int i = 0; i < 4; i++) {
      assertThat(watch(TOKEN_A).next().path("type").asText()).isEqualTo("SYNCED");
    }

    register("w-1", "10.0.0.1");

    assertThat(client.list(NS, NAME, TOKEN_A).statusCode()).isEqualTo(200);
    assertThat(server.watchers(ALPHA)).isEqualTo(4);
  }

  @Test
  void closingTheClusterEndsItsStreamsCleanly() throws Exception {
    start();
    WatchReader reader = watch(TOKEN_A);
    assertThat(reader.next().path("type").asText()).isEqualTo("SYNCED");

    registry.closeCluster(ALPHA);

    JsonNode closed = reader.next();
    assertThat(closed.path("type").asText()).isEqualTo("CLOSED");
    assertThat(closed.path("message").asText()).isEqualTo("cluster team-a/alpha was closed");
    assertThat(reader.awaitEnd()).isEqualTo(WatchReader.END);
    assertThat(server.watchers(ALPHA)).isZero();
  }

  @Test
  void closingTheServerEndsItsStreams() throws Exception {
    start();
    WatchReader reader = watch(TOKEN_A);
    assertThat(reader.next().path("type").asText()).isEqualTo("SYNCED");

    server.close();

    assertThat(reader.awaitEnd()).isIn(WatchReader.END, WatchReader.BROKEN);
  }

  @Test
  void aReaderThatFallsBehindIsCutOffAndItsSlotFreed() throws Exception {
    start(2, new WatchSettings(1, 8, LONG, LONG));
    try (Socket slow = slowReader()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> server.watchers(ALPHA) == 1);

      // Join and leave until the writer blocks on the full socket and the queue overflows.
      int rounds = churnWhile(() -> server.watchers(ALPHA) > 0, 1_000_000);

      assertThat(server.watchers(ALPHA)).as("cut off after %d rounds", rounds).isZero();
      assertThat(readUntilClosed(slow)).doesNotEndWith("\r\n0\r\n\r\n");
    }
    WatchReader next = watch(TOKEN_A);
    assertThat(next.response().statusCode()).isEqualTo(200);
    assertThat(next.next().path("type").asText()).isEqualTo("SYNCED");
  }

  @Test
  void aWriteThatBlocksLongerThanTheWriteTimeoutCutsTheStreamOff() throws Exception {
    start(2, new WatchSettings(1, 2_000_000, LONG, Duration.ofMillis(200)));
    try (Socket slow = slowReader()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> server.watchers(ALPHA) == 1);

      // Far more than any socket buffers hold, far less than the queue: the writer blocks.
      churnWhile(() -> true, 100_000);

      await().atMost(Duration.ofSeconds(30)).until(() -> server.watchers(ALPHA) == 0);
      assertThat(readUntilClosed(slow)).doesNotEndWith("\r\n0\r\n\r\n");
    }
  }

  /** A watch whose reader never reads, with a small receive buffer. */
  private Socket slowReader() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
    socket
        .getOutputStream()
        .write(
            ("GET "
                    + CoordinatorClient.workersPath(NS, NAME)
                    + "?watch=true HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer "
                    + TOKEN_A
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Registers and deregisters workers with long ids while {@code condition} holds. */
  private int churnWhile(java.util.function.BooleanSupplier condition, int maxRounds) {
    String padding = "x".repeat(180);
    int round = 0;
    while (round < maxRounds && condition.getAsBoolean()) {
      String id = padding + "-" + round;
      registry.register(ALPHA, new WorkerRegistration(id, "10.0.0.1", 8786));
      registry.deregister(ALPHA, id);
      round++;
    }
    return round;
  }

  /** Everything the server sent until it closed the connection (or reset it). */
  private static String readUntilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(20_000);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = socket.getInputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection", e);
    } catch (IOException reset) {
      // A reset is a drop too.
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }
}
