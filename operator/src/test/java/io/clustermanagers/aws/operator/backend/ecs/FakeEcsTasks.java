package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.AwsFailures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * ECS's tasks in memory, as real ECS behaves where it matters here: RunTask launches at most ten
 * tasks, a repeated {@code clientToken} returns the first call's tasks instead of launching more,
 * ListTasks pages hold 100 ARNs, DescribeTasks takes at most 100, StopTask deletes the task's tags
 * (its group stays). Counts every call by operation (ListTasks once per page). Failure switches:
 * {@link #refuseNext} (a 200 with {@code failures}), {@link #loseNextAnswer} (launched, answer
 * lost), {@link #hideFromLists} (ListTasks lagging behind RunTask), {@link #failStopOf} (a StopTask
 * that fails), {@link #holdStopsUntilInFlight} (StopTask calls wait for each other, to show they
 * overlap), {@link #closeStops} (StopTask calls wait until let through), and the same for
 * DescribeTasks: {@link #failDescribeOf}, {@link #holdDescribesUntilInFlight}. Safe for concurrent
 * calls (the backend describes and stops tasks a few at a time).
 */
final class FakeEcsTasks implements EcsTasks {
  static final String REGION = "us-east-1";
  final Map<String, Integer> calls = new TreeMap<>();
  final List<RunTaskRequest> runTasks = new ArrayList<>();
  final List<String> stopped = new ArrayList<>();
  private final List<StopTaskCall> stopCalls = new ArrayList<>();
  private volatile java.time.Clock stopClock =
      java.time.Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
  private final Map<String, BackendException> stopFailures =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger stopsInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxStopsInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.concurrent.CountDownLatch stopsMeet =
      new java.util.concurrent.CountDownLatch(0);
  private volatile java.util.concurrent.CountDownLatch stopsOpen =
      new java.util.concurrent.CountDownLatch(0);
  private final Map<String, BackendException> describeFailures =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger describesInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxDescribesInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.concurrent.CountDownLatch describesMeet =
      new java.util.concurrent.CountDownLatch(0);
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, List<Task>> byClientToken = new LinkedHashMap<>();
  private final Map<String, TaskDefinition> definitions = new LinkedHashMap<>();
  private final Set<String> unlisted = new HashSet<>();
  private int ids;
  private int refuse;
  private String refusal = "";
  private boolean loseAnswer;
  private int failAfter;
  private SdkException runTaskFailure;
  private boolean hidden;
  private Instant now = Instant.parse("2024-01-01T00:00:00Z");

  /** The next RunTask launches {@code n} tasks fewer than asked and lists them as failures. */
  synchronized void refuseNext(int n, String reason) {
    refuse = n;
    refusal = reason;
  }

  /** The next RunTask launches its tasks, then fails as if its answer were lost. */
  synchronized void loseNextAnswer() {
    loseAnswer = true;
  }

  /**
   * The call after the next {@code okCalls} RunTasks fails with {@code failure} (as the SDK throws
   * it after its retries) without launching anything, as a refused or never-sent call does.
   */
  void failRunTask(int okCalls, SdkException failure) {
    failAfter = okCalls;
    runTaskFailure = failure;
  }

  /** ListTasks shows none of the tasks launched from now on until {@link #catchUp}. */
  synchronized void hideFromLists() {
    hidden = true;
  }

  /** One StopTask call: its task as asked and when it was made ({@link #timeStopsBy}). */
  record StopTaskCall(String task, Instant at) {}

  /** StopTask calls are timed by {@code clock} from now on (a fixed instant until then). */
  void timeStopsBy(java.time.Clock clock) {
    stopClock = clock;
  }

  /** Every StopTask call so far, failed ones too, in the order they were made. */
  synchronized List<StopTaskCall> stopCalls() {
    return List.copyOf(stopCalls);
  }

  /** StopTask of this task fails with {@code failure} (after counting the call); null: no more. */
  void failStopOf(String taskId, BackendException failure) {
    if (failure == null) {
      stopFailures.remove(taskId);
      return;
    }
    stopFailures.put(taskId, failure);
  }

  /**
   * The first {@code n} StopTask calls wait (at most 30 s) until {@code n} are in flight at once;
   * {@link #stopsMet} says whether they did.
   */
  void holdStopsUntilInFlight(int n) {
    stopsMeet = new java.util.concurrent.CountDownLatch(n);
  }

  /**
   * The first {@code n} DescribeTasks calls wait (at most 30 s) until {@code n} are in flight at
   * once.
   */
  void holdDescribesUntilInFlight(int n) {
    describesMeet = new java.util.concurrent.CountDownLatch(n);
  }

  boolean describesMet() {
    return describesMeet.getCount() == 0;
  }

  /** The most DescribeTasks calls that were in flight at once. */
  int maxDescribesInFlight() {
    return maxDescribesInFlight.get();
  }

  /** A DescribeTasks of a chunk holding this task fails with {@code failure}. */
  void failDescribeOf(String taskId, BackendException failure) {
    describeFailures.put(taskId, failure);
  }

  /** StopTask calls wait (at most 30 s) from now until {@link #openStops}. */
  void closeStops() {
    stopsOpen = new java.util.concurrent.CountDownLatch(1);
  }

  void openStops() {
    stopsOpen.countDown();
  }

  boolean stopsMet() {
    return stopsMeet.getCount() == 0;
  }

  /** The most StopTask calls that were in flight at once. */
  int maxStopsInFlight() {
    return maxStopsInFlight.get();
  }

  /** ECS no longer lists the task (a stopped task about an hour later). */
  synchronized void expire(String taskId) {
    tasks.remove(byId(taskId).taskArn());
  }

  synchronized void catchUp() {
    hidden = false;
    unlisted.clear();
  }

  /** Sets a task's last status (and, for STOPPED, its stop code and the worker's exit code). */
  synchronized void settle(String taskId, String lastStatus, String stopCode, Integer exitCode) {
    Task task = byId(taskId);
    Task.Builder next = task.toBuilder().lastStatus(lastStatus);
    if ("STOPPED".equals(lastStatus)) {
      next.desiredStatus("STOPPED")
          .stopCode(stopCode)
          .stoppedAt(now)
          .containers(task.containers().get(0).toBuilder().exitCode(exitCode).build());
    }
    tasks.put(task.taskArn(), next.build());
  }

  synchronized Task byId(String taskId) {
    return tasks.values().stream()
        .filter(t -> EcsTaskMapper.taskId(t).equals(taskId))
        .findFirst()
        .orElseThrow();
  }

  synchronized List<Task> all() {
    return List.copyOf(tasks.values());
  }

  synchronized void registered(String family, String arn, String container) {
    definitions.put(
        family,
        TaskDefinition.builder()
            .family(family)
            .taskDefinitionArn(arn)
            .status("ACTIVE")
            .containerDefinitions(c -> c.name(container))
            .build());
  }

  synchronized int count(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  @Override
  public String regionName() {
    return REGION;
  }

  @Override
  public synchronized List<String> listTaskArns(
      String cluster, String startedBy, DesiredStatus desiredStatus) {
    List<String> arns =
        tasks.values().stream()
            .filter(t -> t.clusterArn().endsWith("/" + cluster))
            .filter(t -> startedBy.equals(t.startedBy()))
            .filter(t -> desiredStatus.toString().equals(t.desiredStatus()))
            .filter(t -> !unlisted.contains(t.taskArn()))
            .map(Task::taskArn)
            .toList();
    call("ListTasks", Math.max(1, (arns.size() + 99) / 100));
    return arns;
  }

  @Override
  public List<Task> describeTasks(String cluster, List<String> taskArns) throws BackendException {
    int inFlight = describesInFlight.incrementAndGet();
    maxDescribesInFlight.accumulateAndGet(inFlight, Math::max);
    try {
      java.util.concurrent.CountDownLatch meet = describesMeet;
      meet.countDown();
      if (!meet.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("DescribeTasks calls did not overlap");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure("Interrupted", "interrupted", e);
    } finally {
      describesInFlight.decrementAndGet();
    }
    return describeNow(taskArns);
  }

  private synchronized List<Task> describeNow(List<String> taskArns) throws BackendException {
    call("DescribeTasks", 1);
    for (String arn : taskArns) {
      BackendException failure = describeFailures.get(EcsTaskMapper.taskId(arn));
      if (failure != null) {
        throw failure;
      }
    }
    if (taskArns.size() > 100) {
      throw new IllegalArgumentException("DescribeTasks of " + taskArns.size() + " tasks");
    }
    return taskArns.stream().filter(tasks::containsKey).map(tasks::get).toList();
  }

  @Override
  public synchronized RunTaskResponse runTask(RunTaskRequest request) throws BackendException {
    call("RunTask", 1);
    runTasks.add(request);
    if (request.count() < 1 || request.count() > 10) {
      throw new IllegalArgumentException("RunTask of " + request.count() + " tasks");
    }
    if (runTaskFailure != null && failAfter-- == 0) {
      SdkException failure = runTaskFailure;
      runTaskFailure = null;
      throw AwsFailures.classify("RunTask on cluster " + request.cluster(), failure);
    }
    List<Task> launched = byClientToken.get(request.clientToken());
    List<Failure> failures = new ArrayList<>();
    if (launched == null) {
      launched = new ArrayList<>();
      for (int i = 0; i < request.count(); i++) {
        if (i >= request.count() - refuse) {
          failures.add(Failure.builder().reason(refusal).build());
        } else {
          launched.add(launch(request));
        }
      }
      refuse = 0;
      byClientToken.put(request.clientToken(), List.copyOf(launched));
    }
    if (loseAnswer) {
      loseAnswer = false;
      throw BackendException.transientFailure("Timeout", "RunTask: the answer was lost", null);
    }
    return RunTaskResponse.builder().tasks(launched).failures(failures).build();
  }

  @Override
  public void stopTask(String cluster, String taskArn, String reason) throws BackendException {
    int inFlight = stopsInFlight.incrementAndGet();
    maxStopsInFlight.accumulateAndGet(inFlight, Math::max);
    try {
      java.util.concurrent.CountDownLatch meet = stopsMeet;
      meet.countDown();
      if (!meet.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("StopTask calls did not overlap");
      }
      if (!stopsOpen.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("StopTask calls were never let through");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure("Interrupted", "interrupted", e);
    } finally {
      stopsInFlight.decrementAndGet();
    }
    stopOne(taskArn, reason);
  }

  private synchronized void stopOne(String taskArn, String reason) throws BackendException {
    call("StopTask", 1);
    stopCalls.add(new StopTaskCall(taskArn, stopClock.instant()));
    BackendException failure = stopFailures.get(EcsTaskMapper.taskId(taskArn));
    if (failure != null) {
      throw failure;
    }
    stopped.add(taskArn);
    Task task = tasks.get(taskArn);
    if (task == null) {
      task =
          tasks.values().stream()
              .filter(t -> t.taskArn().endsWith("/" + taskArn))
              .findFirst()
              .orElse(null);
    }
    if (task != null && !"STOPPED".equals(task.lastStatus())) {
      tasks.put(
          task.taskArn(),
          task.toBuilder()
              .desiredStatus("STOPPED")
              .lastStatus("STOPPED")
              .stopCode("UserInitiated")
              .stoppedReason(reason)
              .stoppedAt(now)
              .tags(List.of())
              .build());
    }
  }

  @Override
  public synchronized TaskDefinition describeTaskDefinition(String taskDefinition)
      throws BackendException {
    call("DescribeTaskDefinition", 1);
    TaskDefinition found = definitions.get(taskDefinition);
    if (found == null) {
      throw BackendException.permanent(
          TASK_DEFINITION_NOT_FOUND,
          "task definition "
              + taskDefinition
              + " cannot be described: Unable to describe task definition.",
          null);
    }
    return found;
  }

  @Override
  public synchronized String registerTaskDefinition(RegisterTaskDefinitionRequest request) {
    call("RegisterTaskDefinition", 1);
    String arn =
        "arn:aws:ecs:" + REGION + ":123456789012:task-definition/" + request.family() + ":1";
    registered(request.family(), arn, request.containerDefinitions().get(0).name());
    return arn;
  }

  private Task launch(RunTaskRequest request) {
    now = now.plusSeconds(1);
    String id = String.format("%032x", ++ids);
    String container = request.overrides().containerOverrides().get(0).name();
    Task task =
        Task.builder()
            .taskArn("arn:aws:ecs:" + REGION + ":123456789012:task/" + request.cluster() + "/" + id)
            .clusterArn("arn:aws:ecs:" + REGION + ":123456789012:cluster/" + request.cluster())
            .taskDefinitionArn(request.taskDefinition())
            .startedBy(request.startedBy())
            .group(request.group())
            .tags(request.tags())
            .lastStatus("PROVISIONING")
            .desiredStatus("RUNNING")
            .createdAt(now)
            .containers(Container.builder().name(container).build())
            .build();
    tasks.put(task.taskArn(), task);
    if (hidden) {
      unlisted.add(task.taskArn());
    }
    return task;
  }

  private void call(String operation, int n) {
    calls.merge(operation, n, Integer::sum);
  }
}
