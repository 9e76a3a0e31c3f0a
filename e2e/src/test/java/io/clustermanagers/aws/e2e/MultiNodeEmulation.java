package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The multi-node parallel jobs of {@link BatchStateProxy}: what moto 5.2 does not emulate of them,
 * emulated here. Moto registers a multinode job definition but leaves its {@code nodeProperties}
 * out of DescribeJobDefinitions; it ignores SubmitJob's {@code nodeOverrides}, has no nodes ({@code
 * jobId#index}), answers ListJobs by {@code multiNodeJobId} with nothing, and finishes the job at
 * once. Here a definition registered through the proxy keeps its node properties; a job submitted
 * with one gets its nodes, held RUNNING (or the status the proxy holds new jobs in) until
 * TerminateJob ends them all, or the test loses a node ({@link #loseNode}); losing the main node
 * ends the job and every node, as in Batch. The job's status follows its main node. TerminateJob
 * can be held ({@link #holdTerminations}), as real Batch takes a while to stop a running job.
 */
final class MultiNodeEmulation {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A node's (or a job's) emulated state. */
  record State(String status, String reason, Instant startedAt, Instant stoppedAt) {
    boolean isTerminal() {
      return status.equals("SUCCEEDED") || status.equals("FAILED");
    }
  }

  private record Definition(int numNodes, int mainNode, JsonNode nodeProperties) {}

  /** A submitted multi-node job and the SubmitJob request it came from. */
  record Job(String id, String name, int numNodes, int mainNode, JsonNode request, Instant at) {}

  private final Map<String, Definition> definitions = new ConcurrentHashMap<>();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, State> nodes = new ConcurrentHashMap<>();
  private final Map<String, String> heldTerminations = new ConcurrentHashMap<>();
  private volatile boolean holdTerminations;

  /** The multi-node jobs submitted, oldest first. */
  List<Job> jobs() {
    return jobs.values().stream()
        .sorted(java.util.Comparator.comparing(Job::at).thenComparing(Job::id))
        .toList();
  }

  /** Each node's status by id ({@code jobId#index}). */
  Map<String, State> nodes() {
    return Map.copyOf(nodes);
  }

  /** From now on TerminateJob is recorded but takes effect only at {@link #releaseTerminations}. */
  void holdTerminations(boolean hold) {
    holdTerminations = hold;
  }

  /** The jobs terminated while held, by reason. */
  Map<String, String> heldTerminations() {
    return Map.copyOf(heldTerminations);
  }

  void releaseTerminations() {
    holdTerminations = false;
    Map<String, String> held = Map.copyOf(heldTerminations);
    heldTerminations.clear();
    held.forEach(this::endJob);
  }

  /** Node {@code index} of the job ends on its own; the main node takes the job with it. */
  void loseNode(String jobId, int index, String reason) {
    Job job = jobs.get(jobId);
    if (index == job.mainNode()) {
      endJob(jobId, reason);
    } else {
      end(jobId + "#" + index, reason);
    }
  }

  void registered(JsonNode request, JsonNode answer) {
    if (!"multinode".equals(request.path("type").asText())) {
      return;
    }
    JsonNode properties = request.path("nodeProperties");
    Definition definition =
        new Definition(
            properties.path("numNodes").asInt(1), properties.path("mainNode").asInt(0), properties);
    definitions.put(answer.path("jobDefinitionArn").asText(), definition);
    definitions.put(request.path("jobDefinitionName").asText(), definition);
  }

  /** Records a multi-node job; false when the request is not one. */
  boolean submitted(JsonNode request, JsonNode answer, String status, String reason) {
    Optional<Definition> definition = definition(request.path("jobDefinition").asText());
    if (definition.isEmpty()) {
      return false;
    }
    String id = answer.path("jobId").asText();
    int numNodes =
        request.path("nodeOverrides").path("numNodes").asInt(definition.get().numNodes());
    Instant now = Instant.now();
    jobs.put(
        id,
        new Job(
            id,
            request.path("jobName").asText(),
            numNodes,
            definition.get().mainNode(),
            request,
            now));
    for (int i = 0; i < numNodes; i++) {
      nodes.put(
          id + "#" + i, new State(status, reason, status.equals("RUNNING") ? now : null, null));
    }
    return true;
  }

  /** Ends a multi-node job and all its nodes (or holds that); false for another job. */
  boolean terminated(String jobId, String reason) {
    if (!jobs.containsKey(jobId)) {
      return false;
    }
    if (holdTerminations) {
      heldTerminations.put(jobId, reason);
    } else {
      endJob(jobId, reason);
    }
    return true;
  }

  boolean isJob(String id) {
    return jobs.containsKey(id);
  }

  /** Adds the node properties moto leaves out of DescribeJobDefinitions. */
  void rewriteDefinitions(JsonNode root) {
    for (JsonNode item : root.path("jobDefinitions")) {
      Definition definition = definitions.get(item.path("jobDefinitionArn").asText());
      if (definition != null && item instanceof ObjectNode node) {
        node.put("type", "multinode");
        node.set("nodeProperties", definition.nodeProperties());
      }
    }
  }

  /** A job as its main node says, with its node count (DescribeJobs and ListJobs alike). */
  void rewriteJob(ObjectNode node, boolean detail) {
    Job job = jobs.get(node.path("jobId").asText());
    State main = nodes.get(job.id() + "#" + job.mainNode());
    boolean anyRunning =
        nodes.entrySet().stream()
            .anyMatch(
                e ->
                    e.getKey().startsWith(job.id() + "#")
                        && e.getValue().status().equals("RUNNING"));
    State state =
        main.isTerminal() || !anyRunning ? main : new State("RUNNING", null, job.at(), null);
    apply(node, state);
    ObjectNode properties = JSON.createObjectNode().put("numNodes", job.numNodes());
    if (detail) {
      properties.put("mainNode", job.mainNode());
      definition(job.request().path("jobDefinition").asText())
          .ifPresent(
              d ->
                  properties.set(
                      "nodeRangeProperties", d.nodeProperties().path("nodeRangeProperties")));
    }
    node.set("nodeProperties", properties);
  }

  /** ListJobs with {@code multiNodeJobId}: the job's nodes (moto lists none). */
  byte[] listNodes(String jobId) throws java.io.IOException {
    Job job = jobs.get(jobId);
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; job != null && i < job.numNodes(); i++) {
      ObjectNode summary =
          list.addObject()
              .put("jobId", jobId + "#" + i)
              .put("jobArn", "arn:aws:batch:us-east-1:123456789012:job/" + jobId + "#" + i)
              .put("jobName", job.name())
              .put("createdAt", job.at().toEpochMilli());
      apply(summary, nodes.get(jobId + "#" + i));
      summary.set(
          "nodeProperties",
          JSON.createObjectNode()
              .put("nodeIndex", i)
              .put("isMainNode", i == job.mainNode())
              .put("numNodes", job.numNodes()));
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("jobSummaryList", list);
    return JSON.writeValueAsBytes(root);
  }

  private Optional<Definition> definition(String reference) {
    Definition exact = definitions.get(reference);
    if (exact != null) {
      return Optional.of(exact);
    }
    int colon = reference.lastIndexOf(':');
    return colon > 0 && !reference.startsWith("arn:")
        ? Optional.ofNullable(definitions.get(reference.substring(0, colon)))
        : Optional.empty();
  }

  private void endJob(String jobId, String reason) {
    Job job = jobs.get(jobId);
    for (int i = 0; i < job.numNodes(); i++) {
      end(jobId + "#" + i, reason);
    }
  }

  private void end(String nodeId, String reason) {
    nodes.computeIfPresent(
        nodeId,
        (k, s) -> s.isTerminal() ? s : new State("FAILED", reason, s.startedAt(), Instant.now()));
  }

  private static void apply(ObjectNode node, State state) {
    node.put("status", state.status());
    if (state.reason() == null) {
      node.remove("statusReason");
    } else {
      node.put("statusReason", state.reason());
    }
    node.remove("stoppedAt");
    node.remove("startedAt");
    if (state.startedAt() != null) {
      node.put("startedAt", state.startedAt().toEpochMilli());
    }
    if (state.stoppedAt() != null) {
      node.put("stoppedAt", state.stoppedAt().toEpochMilli());
    }
    if (node.path("container") instanceof ObjectNode container) {
      container.remove("exitCode");
    }
  }

  /** For the proxy's counts: the nodes of every job. */
  List<State> nodeStates() {
    return new ArrayList<>(nodes.values());
  }
}
