package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The Batch half of {@link FastBatchEmulator}: jobs in memory, one queue, one compute environment,
 * job definitions by name and revision. Jobs stay in the status they were submitted in (RUNNING
 * unless {@link #holdNewJobsIn} says otherwise) until TerminateJob (or CancelJob before they start)
 * ends them FAILED with the reason as {@code statusReason}; terminating an array parent ends its
 * children, as in Batch. An array parent's status and {@code statusSummary} are counted from its
 * children. Every operation answers the JSON of Batch's REST API; a request it does not emulate is
 * a {@link Refused} (Batch's ClientException), never a silent empty answer.
 */
final class FastBatchJobs {
  static final String ACCOUNT = "123456789012";
  static final String QUEUE = "acm-fast";
  static final String ENVIRONMENT = "acm-fast-fargate";
  static final String DEFINITION = "acm-fast-worker";
  private static final List<String> STATUSES =
      List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED");
  private static final Set<String> NOT_STARTED = Set.of("SUBMITTED", "PENDING", "RUNNABLE");
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request Batch would refuse (or one this emulator does not emulate): a 400. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private record State(String status, String reason, long startedAt, long stoppedAt) {
    boolean isTerminal() {
      return status.equals("SUCCEEDED") || status.equals("FAILED");
    }

    State ended(String why, long now) {
      return isTerminal() ? this : new State("FAILED", why, startedAt, now);
    }
  }

  /** A plain job or an array parent (with children), or an array child (with a parent). */
  private static final class Job {
    final String id;
    final String name;
    final String definition;
    final long createdAt;
    final JsonNode container;
    final Job[] children;
    final int index;
    volatile State state;

    Job(String id, String name, String definition, long at, JsonNode container, int size, State s) {
      this(id, name, definition, at, container, size, -1, s);
    }

    private Job(
        String id,
        String name,
        String definition,
        long at,
        JsonNode container,
        int size,
        int index,
        State s) {
      this.id = id;
      this.name = name;
      this.definition = definition;
      this.createdAt = at;
      this.container = container;
      this.index = index;
      this.state = s;
      this.children = new Job[size];
      for (int i = 0; i < size; i++) {
        children[i] = new Job(id + ":" + i, name, definition, at, container, 0, i, s);
      }
    }

    boolean isArray() {
      return children.length > 0;
    }

    /** A parent's children counted by status, every status present. */
    Map<String, Integer> summary() {
      Map<String, Integer> counts = new TreeMap<>();
      STATUSES.forEach(s -> counts.put(s, 0));
      for (Job child : children) {
        counts.merge(child.state.status(), 1, Integer::sum);
      }
      return counts;
    }

    /** A parent's status from its children's, as the e2e proxy derives it. */
    State current() {
      if (!isArray()) {
        return state;
      }
      Map<String, Integer> counts = summary();
      int ended = counts.get("SUCCEEDED") + counts.get("FAILED");
      if (ended == children.length) {
        long stopped = 0;
        for (Job child : children) {
          stopped = Math.max(stopped, child.state.stoppedAt());
        }
        String status = counts.get("FAILED") > 0 ? "FAILED" : "SUCCEEDED";
        return new State(status, state.reason(), state.startedAt(), stopped);
      }
      String status = counts.get("RUNNING") > 0 ? "RUNNING" : "PENDING";
      return new State(status, null, state.startedAt(), 0);
    }

    synchronized void end(String reason, long now, Set<String> onlyFrom) {
      if (onlyFrom.isEmpty() || onlyFrom.contains(state.status())) {
        state = state.ended(reason, now);
      }
      for (Job child : children) {
        child.end(reason, now, onlyFrom);
      }
    }
  }

  private record Definition(String name, int revision, JsonNode registered) {
    String arn() {
      return "arn:aws:batch:"
          + FastBatchEmulator.REGION
          + ":"
          + ACCOUNT
          + ":job-definition/"
          + name
          + ":"
          + revision;
    }
  }

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  // name, then NUL, then id: a name's jobs, and a prefix's, are one range
  private final ConcurrentSkipListMap<String, Job> byName = new ConcurrentSkipListMap<>();
  private final Map<String, List<Definition>> definitions = new ConcurrentHashMap<>();
  private final int maxVcpus;
  private volatile State initial = new State("RUNNING", null, 0, 0);

  FastBatchJobs(int maxVcpus) {
    this.maxVcpus = maxVcpus;
    ObjectNode container = JSON.createObjectNode().put("image", "aws-cluster-agent:test");
    ArrayNode requirements = container.putArray("resourceRequirements");
    requirements.addObject().put("type", "VCPU").put("value", "1");
    requirements.addObject().put("type", "MEMORY").put("value", "2048");
    ObjectNode registered = JSON.createObjectNode().put("type", "container");
    registered.set("containerProperties", container);
    registered.putArray("platformCapabilities").add("FARGATE");
    definitions.put(DEFINITION, List.of(new Definition(DEFINITION, 1, registered)));
  }

  static String queueArn() {
    return "arn:aws:batch:" + FastBatchEmulator.REGION + ":" + ACCOUNT + ":job-queue/" + QUEUE;
  }

  static String definitionArn() {
    return new Definition(DEFINITION, 1, null).arn();
  }

  /** Jobs submitted from now on stay in {@code status} (with {@code reason}) until ended. */
  void holdNewJobsIn(String status, String reason) {
    initial = new State(status, reason, 0, 0);
  }

  /** Jobs and array children not ended. */
  long unfinished() {
    long count = 0;
    for (Job job : jobs.values()) {
      if (!job.isArray()) {
        count += job.state.isTerminal() ? 0 : 1;
      }
      for (Job child : job.children) {
        count += child.state.isTerminal() ? 0 : 1;
      }
    }
    return count;
  }

  /** The answer to {@code /v1/<operation>}. */
  JsonNode answer(String operation, JsonNode request) throws Refused {
    return switch (operation) {
      case "submitjob" -> submit(request);
      case "listjobs" -> list(request);
      case "describejobs" -> describe(request);
      case "terminatejob" -> end(request, Set.of());
      case "canceljob" -> end(request, NOT_STARTED);
      case "describejobqueues" -> queues(request);
      case "describecomputeenvironments" -> environments(request);
      case "describejobdefinitions" -> describeDefinitions(request);
      case "registerjobdefinition" -> register(request);
      default -> throw new Refused("not emulated: /v1/" + operation);
    };
  }

  private JsonNode submit(JsonNode request) throws Refused {
    String name = request.path("jobName").asText();
    if (!JOB_NAME.matcher(name).matches()) {
      throw new Refused("invalid job name " + name);
    }
    requireQueue(request.path("jobQueue").asText());
    Definition definition = definition(request.path("jobDefinition").asText());
    if (request.has("nodeOverrides") || request.has("eksPropertiesOverride")) {
      throw new Refused("not emulated: multi-node and EKS jobs");
    }
    int size = request.path("arrayProperties").path("size").asInt(0);
    if (size == 1 || size > 10_000 || size < 0) {
      throw new Refused("array size must be between 2 and 10000: " + size);
    }
    long now = System.currentTimeMillis();
    State held = initial;
    State state =
        new State(held.status(), held.reason(), held.status().equals("RUNNING") ? now : 0, 0);
    String id = UUID.randomUUID().toString();
    Job job =
        new Job(id, name, definition.arn(), now, request.path("containerOverrides"), size, state);
    jobs.put(id, job);
    byName.put(name + '\0' + id, job);
    return JSON.createObjectNode().put("jobArn", arn(id)).put("jobName", name).put("jobId", id);
  }

  private JsonNode list(JsonNode request) throws Refused {
    List<Job> found;
    if (request.hasNonNull("arrayJobId")) {
      Job parent = jobs.get(request.path("arrayJobId").asText());
      String status = request.path("jobStatus").asText("RUNNING");
      found = new ArrayList<>();
      if (parent != null) {
        for (Job child : parent.children) {
          if (child.state.status().equals(status)) {
            found.add(child);
          }
        }
      }
    } else if (request.hasNonNull("multiNodeJobId")) {
      throw new Refused("not emulated: multi-node jobs");
    } else {
      requireQueue(request.path("jobQueue").asText());
      found = inQueue(request);
    }
    int from =
        request.hasNonNull("nextToken") ? Integer.parseInt(request.path("nextToken").asText()) : 0;
    int max = Math.min(1000, request.path("maxResults").asInt(100));
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode list = answer.putArray("jobSummaryList");
    for (int i = from; i < Math.min(found.size(), from + max); i++) {
      list.add(summary(found.get(i)));
    }
    if (from + max < found.size()) {
      answer.put("nextToken", Integer.toString(from + max));
    }
    return answer;
  }

  /**
   * A queue's jobs (never array children): with a JOB_NAME filter those whose name matches (a
   * trailing {@code *} a prefix) in every status, as Batch does; without, those of {@code
   * jobStatus} (RUNNING when none is given).
   */
  private List<Job> inQueue(JsonNode request) throws Refused {
    JsonNode filters = request.path("filters");
    if (filters.isEmpty()) {
      String status = request.path("jobStatus").asText("RUNNING");
      return jobs.values().stream().filter(j -> j.current().status().equals(status)).toList();
    }
    if (filters.size() != 1 || !filters.get(0).path("name").asText().equals("JOB_NAME")) {
      throw new Refused("not emulated: ListJobs filters other than one JOB_NAME");
    }
    String pattern = filters.get(0).path("values").path(0).asText();
    NavigableMap<String, Job> range =
        pattern.endsWith("*")
            ? byName.subMap(
                pattern.substring(0, pattern.length() - 1),
                true,
                pattern.substring(0, pattern.length() - 1) + '\uffff',
                true)
            : byName.subMap(pattern + '\0', true, pattern + '\u0001', false);
    return List.copyOf(range.values());
  }

  private JsonNode describe(JsonNode request) throws Refused {
    if (request.path("jobs").size() > 100) {
      throw new Refused("DescribeJobs takes at most 100 job ids");
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode described = answer.putArray("jobs");
    for (JsonNode id : request.path("jobs")) {
      Job job = find(id.asText());
      if (job != null) {
        described.add(detail(job));
      }
    }
    return answer;
  }

  private JsonNode end(JsonNode request, Set<String> onlyFrom) throws Refused {
    String id = request.path("jobId").asText();
    Job job = find(id);
    if (job == null) {
      throw new Refused("job " + id + " does not exist");
    }
    job.end(request.path("reason").asText(), System.currentTimeMillis(), onlyFrom);
    return JSON.createObjectNode();
  }

  private JsonNode queues(JsonNode request) {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode list = answer.putArray("jobQueues");
    JsonNode asked = request.path("jobQueues");
    if (asked.isEmpty() || contains(asked, QUEUE, queueArn())) {
      ObjectNode queue =
          list.addObject()
              .put("jobQueueName", QUEUE)
              .put("jobQueueArn", queueArn())
              .put("state", "ENABLED")
              .put("status", "VALID")
              .put("priority", 1);
      queue
          .putArray("computeEnvironmentOrder")
          .addObject()
          .put("order", 1)
          .put("computeEnvironment", environmentArn());
    }
    return answer;
  }

  private JsonNode environments(JsonNode request) {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode list = answer.putArray("computeEnvironments");
    JsonNode asked = request.path("computeEnvironments");
    if (asked.isEmpty() || contains(asked, ENVIRONMENT, environmentArn())) {
      ObjectNode environment =
          list.addObject()
              .put("computeEnvironmentName", ENVIRONMENT)
              .put("computeEnvironmentArn", environmentArn())
              .put("type", "MANAGED")
              .put("state", "ENABLED")
              .put("status", "VALID");
      environment.putObject("computeResources").put("type", "FARGATE").put("maxvCpus", maxVcpus);
    }
    return answer;
  }

  private JsonNode describeDefinitions(JsonNode request) {
    List<Definition> found = new ArrayList<>();
    if (request.path("jobDefinitions").isEmpty()) {
      String name = request.path("jobDefinitionName").asText(null);
      definitions.forEach(
          (n, revisions) -> {
            if (name == null || name.equals(n)) {
              found.addAll(revisions);
            }
          });
    } else {
      for (JsonNode reference : request.path("jobDefinitions")) {
        Definition d = byReference(reference.asText());
        if (d != null) {
          found.add(d);
        }
      }
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode list = answer.putArray("jobDefinitions");
    for (Definition d : found) {
      ObjectNode node = d.registered().deepCopy();
      node.put("jobDefinitionName", d.name())
          .put("jobDefinitionArn", d.arn())
          .put("revision", d.revision())
          .put("status", "ACTIVE");
      list.add(node);
    }
    return answer;
  }

  private JsonNode register(JsonNode request) throws Refused {
    String name = request.path("jobDefinitionName").asText();
    if (!JOB_NAME.matcher(name).matches() || !request.path("type").asText().equals("container")) {
      throw new Refused("not emulated: a job definition other than a named container one");
    }
    ObjectNode registered = JSON.createObjectNode().put("type", "container");
    registered.set("containerProperties", request.path("containerProperties"));
    List<Definition> revisions =
        definitions.compute(
            name,
            (n, old) -> {
              List<Definition> next = old == null ? new ArrayList<>() : new ArrayList<>(old);
              next.add(new Definition(n, next.size() + 1, registered));
              return List.copyOf(next);
            });
    Definition added = revisions.get(revisions.size() - 1);
    return JSON.createObjectNode()
        .put("jobDefinitionName", name)
        .put("jobDefinitionArn", added.arn())
        .put("revision", added.revision());
  }

  private Job find(String id) {
    int colon = id.indexOf(':');
    if (colon < 0) {
      return jobs.get(id);
    }
    Job parent = jobs.get(id.substring(0, colon));
    try {
      int index = Integer.parseInt(id.substring(colon + 1));
      return parent == null || index < 0 || index >= parent.children.length
          ? null
          : parent.children[index];
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private ObjectNode summary(Job job) {
    State state = job.current();
    ObjectNode node =
        JSON.createObjectNode()
            .put("jobArn", arn(job.id))
            .put("jobId", job.id)
            .put("jobName", job.name)
            .put("createdAt", job.createdAt)
            .put("status", state.status());
    times(node, state);
    if (job.isArray()) {
      node.putObject("arrayProperties").put("size", job.children.length);
    } else if (job.index >= 0) {
      node.putObject("arrayProperties").put("index", job.index);
    }
    return node;
  }

  private ObjectNode detail(Job job) {
    ObjectNode node = summary(job);
    node.put("jobQueue", queueArn()).put("jobDefinition", job.definition);
    node.putObject("parameters");
    node.putArray("dependsOn");
    ObjectNode container = node.putObject("container");
    container.set("command", job.container.path("command"));
    container.set("environment", job.container.path("environment"));
    if (job.isArray()) {
      ObjectNode array = (ObjectNode) node.get("arrayProperties");
      array.set("statusSummary", JSON.valueToTree(job.summary()));
    }
    return node;
  }

  private static void times(ObjectNode node, State state) {
    if (state.reason() != null) {
      node.put("statusReason", state.reason());
    }
    if (state.startedAt() > 0) {
      node.put("startedAt", state.startedAt());
    }
    if (state.isTerminal()) {
      node.put("stoppedAt", state.stoppedAt());
    }
  }

  private void requireQueue(String queue) throws Refused {
    if (!queue.equals(QUEUE) && !queue.equals(queueArn())) {
      throw new Refused("job queue " + queue + " does not exist");
    }
  }

  private Definition definition(String reference) throws Refused {
    Definition d = byReference(reference);
    if (d == null) {
      throw new Refused("job definition " + reference + " does not exist");
    }
    return d;
  }

  /** A definition by ARN, name:revision, or name (its newest revision). */
  private Definition byReference(String reference) {
    String nameAndRevision = reference.substring(reference.lastIndexOf('/') + 1);
    int colon = nameAndRevision.indexOf(':');
    List<Definition> revisions =
        definitions.get(colon < 0 ? nameAndRevision : nameAndRevision.substring(0, colon));
    if (revisions == null) {
      return null;
    }
    if (colon < 0) {
      return revisions.get(revisions.size() - 1);
    }
    int revision = Integer.parseInt(nameAndRevision.substring(colon + 1));
    return revision < 1 || revision > revisions.size() ? null : revisions.get(revision - 1);
  }

  private static boolean contains(JsonNode asked, String name, String arn) {
    for (JsonNode a : asked) {
      if (a.asText().equals(name) || a.asText().equals(arn)) {
        return true;
      }
    }
    return false;
  }

  private static String environmentArn() {
    return "arn:aws:batch:"
        + FastBatchEmulator.REGION
        + ":"
        + ACCOUNT
        + ":compute-environment/"
        + ENVIRONMENT;
  }

  private static String arn(String id) {
    return "arn:aws:batch:" + FastBatchEmulator.REGION + ":" + ACCOUNT + ":job/" + id;
  }
}
