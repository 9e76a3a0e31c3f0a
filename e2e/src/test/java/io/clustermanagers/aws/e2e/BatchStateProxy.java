package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sits between the operator and moto and holds Batch job statuses, because moto without Docker
 * finishes every job the moment it is submitted. Jobs submitted through it stay in a status the
 * test chooses (RUNNING by default) until TerminateJob, after which they are FAILED with the
 * termination reason as {@code statusReason}, as in real Batch. Terminating an array parent ends
 * its children (real Batch does, moto does not). Array parents get a status summary counted from
 * their children and a status derived from them. ListJobs of an array's children or a job's nodes
 * lists one status, RUNNING when none is asked for, as in Batch. Multi-node parallel jobs, which
 * moto hardly emulates, are emulated by {@link MultiNodeEmulation} (see there for what). Everything
 * else is passed through unchanged.
 */
final class BatchStateProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record State(String status, String reason, Instant stoppedAt) {
    boolean isTerminal() {
      return status.equals("SUCCEEDED") || status.equals("FAILED");
    }
  }

  private final HttpServer server;
  private final URI target;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, Integer> arraySizes = new ConcurrentHashMap<>();
  // As many threads as calls in flight: a call is handled (and heard) when it arrives, not after
  // a queue of the proxy's own.
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile String initialStatus = "RUNNING";
  private volatile String initialReason = null;
  private final MultiNodeEmulation multiNode = new MultiNodeEmulation();
  private volatile CallListener listener = CallListener.NONE;

  /** Hears every call through the proxy: when it arrived, and moto's answer when it was a 200. */
  interface CallListener {
    CallListener NONE = new CallListener() {};

    /** {@code operation}: the path for Batch ("/v1/submitjob"), else the X-Amz-Target header. */
    default void arrived(long nanoTime, String operation, byte[] request) {}

    /** {@code arrived}: the nanoTime the call arrived at (as given to {@link #arrived}). */
    default void answered(long arrived, String operation, byte[] request, byte[] answer) {}
  }

  BatchStateProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The one listener of the calls from now on. */
  void listen(CallListener listener) {
    this.listener = listener;
  }

  /** The multi-node jobs and their nodes. */
  MultiNodeEmulation multiNode() {
    return multiNode;
  }

  /** The status (and reason) jobs submitted from now on stay in. */
  void holdNewJobsIn(String status, String reason) {
    initialStatus = status;
    initialReason = reason;
  }

  /** The status every job (array children counted, parents not) currently has here. */
  Map<String, String> statuses() {
    Map<String, String> copy = new ConcurrentHashMap<>();
    states.forEach((id, s) -> copy.put(id, s.status()));
    return copy;
  }

  /**
   * Ends {@code count} children of array {@code parentId} from index {@code from} on with {@code
   * status} (SUCCEEDED or FAILED), as Batch does when their containers exit; moto's own children
   * would have ended at once, so the proxy holds and ends them.
   */
  void endChildren(String parentId, int from, int count, String status) {
    for (int i = from; i < from + count; i++) {
      states.computeIfPresent(
          parentId + ":" + i,
          (k, s) ->
              s.isTerminal()
                  ? s
                  : new State(
                      status,
                      status.equals("FAILED") ? "Essential container in task exited" : null,
                      Instant.now()));
    }
  }

  /** Jobs (plain jobs, array children and multi-node nodes) not in a terminal state. */
  long unfinished() {
    return states.values().stream().filter(s -> !s.isTerminal()).count()
        + multiNode.nodeStates().stream().filter(s -> !s.isTerminal()).count();
  }

  /** Jobs (plain jobs and array children) terminated with the given reason prefix. */
  List<String> terminatedWith(String prefix) {
    List<String> ids = new ArrayList<>();
    states.forEach(
        (id, s) -> {
          if (s.reason() != null && s.reason().startsWith(prefix)) {
            ids.add(id);
          }
        });
    multiNode
        .nodes()
        .forEach(
            (id, s) -> {
              if (s.reason() != null && s.reason().startsWith(prefix)) {
                ids.add(id);
              }
            });
    return ids;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long arrived = System.nanoTime();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = path.startsWith("/v1/") || amzTarget == null ? path : amzTarget;
      CallListener heard = listener;
      heard.arrived(arrived, operation, body);
      Optional<String> listedStatus = Optional.empty();
      if (path.equals("/v1/listjobs")) {
        ObjectNode listing = (ObjectNode) JSON.readTree(body);
        if (listing.hasNonNull("arrayJobId") || listing.hasNonNull("multiNodeJobId")) {
          // Batch lists an array's children (a job's nodes) of one status, RUNNING when none is
          // given; moto lists every status, and by its own statuses, not the ones held here.
          listedStatus = Optional.of(listing.path("jobStatus").asText("RUNNING"));
          listing.remove("jobStatus");
          body = JSON.writeValueAsBytes(listing);
        }
      }
      HttpResponse<byte[]> response = HttpForwarding.forward(http, target, exchange, body);
      byte[] answer = response.body();
      if (response.statusCode() == 200) {
        heard.answered(arrived, operation, body, answer);
        answer = observe(path, body, answer);
        if (listedStatus.isPresent()) {
          answer = onlyOfStatus(answer, listedStatus.get());
        }
      }
      HttpForwarding.reply(exchange, response, answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] observe(String path, byte[] request, byte[] answer) throws IOException {
    switch (path) {
      case "/v1/registerjobdefinition" ->
          multiNode.registered(JSON.readTree(request), JSON.readTree(answer));
      case "/v1/describejobdefinitions" -> {
        JsonNode root = JSON.readTree(answer);
        multiNode.rewriteDefinitions(root);
        return JSON.writeValueAsBytes(root);
      }
      case "/v1/submitjob" -> submitted(JSON.readTree(request), JSON.readTree(answer));
      case "/v1/terminatejob" -> terminated(JSON.readTree(request));
      case "/v1/describejobs" -> {
        return rewrite(answer, "jobs");
      }
      case "/v1/listjobs" -> {
        JsonNode listing = JSON.readTree(request);
        if (listing.hasNonNull("multiNodeJobId")) {
          return multiNode.listNodes(listing.path("multiNodeJobId").asText());
        }
        return rewrite(answer, "jobSummaryList");
      }
      default -> {}
    }
    return answer;
  }

  private void submitted(JsonNode request, JsonNode answer) {
    if (multiNode.submitted(request, answer, initialStatus, initialReason)) {
      return;
    }
    String id = answer.path("jobId").asText();
    int size = request.path("arrayProperties").path("size").asInt(0);
    State initial = new State(initialStatus, initialReason, null);
    if (size >= 2) {
      arraySizes.put(id, size);
      for (int i = 0; i < size; i++) {
        states.put(id + ":" + i, initial);
      }
    } else {
      states.put(id, initial);
    }
  }

  private void terminated(JsonNode request) {
    String id = request.path("jobId").asText();
    String reason = request.path("reason").asText();
    if (multiNode.terminated(id, reason)) {
      return;
    }
    Integer size = arraySizes.get(id);
    if (size != null) {
      for (int i = 0; i < size; i++) {
        terminate(id + ":" + i, reason);
      }
    } else {
      terminate(id, reason);
    }
  }

  private static byte[] onlyOfStatus(byte[] listing, String status) throws IOException {
    JsonNode root = JSON.readTree(listing);
    ArrayNode kept = JSON.createArrayNode();
    root.path("jobSummaryList")
        .forEach(
            j -> {
              if (j.path("status").asText().equals(status)) {
                kept.add(j);
              }
            });
    ((ObjectNode) root).set("jobSummaryList", kept);
    return JSON.writeValueAsBytes(root);
  }

  private void terminate(String id, String reason) {
    states.computeIfPresent(
        id, (k, s) -> s.isTerminal() ? s : new State("FAILED", reason, Instant.now()));
  }

  private byte[] rewrite(byte[] answer, String field) throws IOException {
    JsonNode root = JSON.readTree(answer);
    for (JsonNode job : root.path(field)) {
      ObjectNode node = (ObjectNode) job;
      String id = node.path("jobId").asText();
      fixVcpus(node);
      if (multiNode.isJob(id)) {
        multiNode.rewriteJob(node, field.equals("jobs"));
      } else if (arraySizes.containsKey(id)) {
        rewriteParent(node, id, arraySizes.get(id));
      } else if (states.containsKey(id)) {
        apply(node, states.get(id));
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  /**
   * Moto reports {@code container.vcpus} as a float (1.0) for a definition with resource
   * requirements; Batch's model (and the SDK's parser) has an integer there.
   */
  private static void fixVcpus(ObjectNode node) {
    if (node.path("container") instanceof ObjectNode container
        && container.path("vcpus").isFloatingPointNumber()) {
      container.put("vcpus", container.path("vcpus").asInt());
    }
  }

  private void rewriteParent(ObjectNode node, String id, int size) {
    Map<String, Integer> summary = new java.util.TreeMap<>();
    for (String s :
        List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED")) {
      summary.put(s, 0);
    }
    boolean allEnded = true;
    for (int i = 0; i < size; i++) {
      State child = states.get(id + ":" + i);
      summary.merge(child.status(), 1, Integer::sum);
      allEnded &= child.isTerminal();
    }
    String status =
        allEnded
            ? (summary.get("FAILED") > 0 ? "FAILED" : "SUCCEEDED")
            : summary.get("RUNNING") > 0 ? "RUNNING" : "PENDING";
    apply(node, new State(status, null, allEnded ? Instant.now() : null));
    if (node.has("arrayProperties")) {
      ObjectNode array = (ObjectNode) node.get("arrayProperties");
      array.set("statusSummary", JSON.valueToTree(summary));
      array.put("size", size);
    }
  }

  private static void apply(ObjectNode node, State state) {
    node.put("status", state.status());
    if (state.reason() == null) {
      node.remove("statusReason");
    } else {
      node.put("statusReason", state.reason());
    }
    if (state.isTerminal()) {
      if (state.stoppedAt() != null) {
        node.put("stoppedAt", state.stoppedAt().toEpochMilli());
      }
    } else {
      node.remove("stoppedAt");
      if (node.path("container") instanceof ObjectNode container) {
        container.remove("exitCode");
      }
      if (!state.status().equals("RUNNING")) {
        node.remove("startedAt");
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
