package io.clustermanagers.aws.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process coordinator on 127.0.0.1 that keeps a real registry of worker ids (heartbeats of
 * unknown workers get 404), records every request with the status it answered, and can be told to
 * refuse registrations, to forget a worker or to answer as for a deleted cluster (410). It also
 * serves ECS task metadata under /ecs.
 */
final class FakeCoordinator implements AutoCloseable {

  static final long HEARTBEAT_INTERVAL_MILLIS = 200;
  private static final Pattern WORKERS =
      Pattern.compile("/v1/clusters/([^/]+)/([^/]+)/workers(?:/([^/]+)(/heartbeat)?)?");

  /** One request the fake received and the status it answered. */
  record Recorded(String method, String path, String authorization, String body, int status) {}

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final Queue<Integer> nextRegistrationStatuses = new ConcurrentLinkedQueue<>();
  private volatile int registrationStatus = 200;
  private volatile boolean gone;
  private volatile String ecsTaskMetadata = "{}";

  private FakeCoordinator(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeCoordinator start() throws IOException {
    return new FakeCoordinator(0);
  }

  static FakeCoordinator startOn(int port) throws IOException {
    return new FakeCoordinator(port);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  List<Recorded> requests(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  /** Answers every registration from now on with {@code status}. */
  void answerRegistrationsWith(int status) {
    registrationStatus = status;
  }

  /** Answers the next registrations with these statuses, then as usual. */
  void answerNextRegistrationsWith(int... statuses) {
    for (int status : statuses) {
      nextRegistrationStatuses.add(status);
    }
  }

  /** Answers every worker request from now on with 410, as for a deleted cluster. */
  void answerAllAsGone() {
    gone = true;
  }

  /** Drops a worker from the registry, as a coordinator restart would. */
  void forget(String workerId) {
    registered.remove(workerId);
  }

  void serveEcsTaskMetadata(String json) {
    ecsTaskMetadata = json;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Reply reply = route(method, path, body);
      // Recorded before the answer goes out, so a client that has its answer sees the record.
      requests.add(new Recorded(method, path, authorization, body, reply.status()));
      send(exchange, reply);
    }
  }

  private record Reply(int status, String body) {}

  private Reply route(String method, String path, String body) throws IOException {
    if (path.equals("/ecs/task") && method.equals("GET")) {
      return respond(200, ecsTaskMetadata);
    }
    Matcher matcher = WORKERS.matcher(path);
    if (!matcher.matches()) {
      return respond(404, "{\"error\": \"no route " + path + "\"}");
    }
    if (gone) {
      return respond(410, "{\"error\": \"cluster team-a/cluster-1 no longer exists\"}");
    }
    String workerId = matcher.group(3);
    boolean heartbeat = matcher.group(4) != null;
    if (method.equals("POST") && workerId == null) {
      return register(body);
    }
    if (method.equals("PUT") && heartbeat) {
      return registered.contains(workerId)
          ? respond(204, "")
          : respond(404, "{\"error\": \"workerId " + workerId + " is not registered\"}");
    }
    if (method.equals("DELETE") && workerId != null && !heartbeat) {
      registered.remove(workerId);
      return respond(204, "");
    }
    return respond(405, "{\"error\": \"method " + method + "\"}");
  }

  private Reply register(String body) throws IOException {
    Integer scripted = nextRegistrationStatuses.poll();
    int status = scripted != null ? scripted : registrationStatus;
    if (status != 200) {
      return respond(status, "{\"error\": \"registration refused by the fake\"}");
    }
    registered.add(json.readTree(body).path("workerId").asText());
    return respond(200, "{\"heartbeatIntervalMillis\": " + HEARTBEAT_INTERVAL_MILLIS + "}");
  }

  private static Reply respond(int status, String body) {
    return new Reply(status, body);
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      exchange.sendResponseHeaders(reply.status(), -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
