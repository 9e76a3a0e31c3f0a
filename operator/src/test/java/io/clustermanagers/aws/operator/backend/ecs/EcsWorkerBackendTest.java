package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.PartialLaunch;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;

/** The ECS backend's logic against {@link FakeEcsTasks}: launch, observe, stop, adoption. */
class EcsWorkerBackendTest {
  private static final String UID = "0b5e9a7c-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
  private static final String STARTED_BY = "acm-0b5e9a7c1d2e4f3a8b9c0d1e2f3a4b5c";
  private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final FakeEcsTasks ecs = new FakeEcsTasks();
  private final WorkerGroup group = group(UID, "sim");
  private final EcsWorkerBackend backend = backend(100_000);

  @org.junit.jupiter.api.AfterEach
  void closeBackend() {
    backend.close();
  }

  @ParameterizedTest(name = "{0} workers: {1} RunTask calls")
  @CsvSource({"1, 1", "10, 1", "11, 2", "25, 3", "95, 10", "1000, 100"})
  void nWorkersAreCeilingOfNOverTenRunTaskCalls(int workers, int calls) throws Exception {
    List<BackendWorker> launched = backend.launch(group, new LaunchRequest(0, workers));

    assertThat(launched).hasSize(workers);
    assertThat(ecs.count("RunTask")).isEqualTo(calls);
    assertThat(ecs.runTasks).allSatisfy(r -> assertThat(r.count()).isBetween(1, 10));
    assertThat(launched.stream().map(BackendWorker::launchSequence).distinct()).hasSize(workers);
  }

  @Test
  void eachCallCarriesTheClusterAndItsFirstSequenceOnly() throws Exception {
    backend.launch(group, new LaunchRequest(40, 25));

    assertThat(ecs.runTasks).extracting(RunTaskRequest::count).containsExactly(10, 10, 5);
    assertThat(ecs.runTasks)
        .extracting(RunTaskRequest::clientToken)
        .containsExactly(STARTED_BY + "-40", STARTED_BY + "-50", STARTED_BY + "-60");
    assertThat(ecs.runTasks)
        .extracting(RunTaskRequest::group)
        .containsExactly("acm-seq:40", "acm-seq:50", "acm-seq:60");
    assertThat(ecs.runTasks).extracting(RunTaskRequest::startedBy).containsOnly(STARTED_BY);

    FakeEcsTasks elsewhere = new FakeEcsTasks();
    backend(elsewhere, 100_000).launch(group, new LaunchRequest(40, 25));
    assertThat(elsewhere.runTasks)
        .as("the same sequences, the same tokens: a retry after a restart is idempotent")
        .extracting(RunTaskRequest::clientToken)
        .containsExactlyElementsOf(ecs.runTasks.stream().map(RunTaskRequest::clientToken).toList());
  }

  @Test
  void observeMapsTaskStatesAndRanksTasksWithinTheirCall() throws Exception {
    List<BackendWorker> launched = backend.launch(group, new LaunchRequest(0, 5));
    List<String> ids = launched.stream().map(BackendWorker::id).sorted().toList();
    ecs.settle(ids.get(1), "PENDING", null, null);
    ecs.settle(ids.get(2), "RUNNING", null, null);
    ecs.settle(ids.get(3), "STOPPED", "EssentialContainerExited", 0);
    ecs.settle(ids.get(4), "STOPPED", "SpotInterruption", 143);

    Map<String, BackendWorker> seen = byId(backend.observe(group));

    assertThat(seen.get(ids.get(0)).phase()).isEqualTo(WorkerPhase.PENDING);
    assertThat(seen.get(ids.get(1)).phase()).isEqualTo(WorkerPhase.PENDING);
    assertThat(seen.get(ids.get(2)).phase()).isEqualTo(WorkerPhase.RUNNING);
    assertThat(seen.get(ids.get(3)).phase()).isEqualTo(WorkerPhase.SUCCEEDED);
    BackendWorker interrupted = seen.get(ids.get(4));
    assertThat(interrupted.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(interrupted.interrupted()).isTrue();
    assertThat(interrupted.reason()).contains("SpotInterruption").contains("exit code 143");
    assertThat(ids.stream().map(id -> seen.get(id).launchSequence()).toList())
        .containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void aResyncIsOneDescribeTasksPerHundredTasks() throws Exception {
    backend.launch(group, new LaunchRequest(0, 250));
    ecs.calls.clear();

    assertThat(backend.observe(group)).hasSize(250);

    assertThat(ecs.count("DescribeTasks")).isEqualTo(3);
    assertThat(ecs.count("ListTasks")).as("3 pages of RUNNING, 1 of STOPPED").isEqualTo(4);
    assertThat(ecs.calls.keySet()).containsOnly("DescribeTasks", "ListTasks");
  }

  @Test
  void aPartialRunTaskIsReportedAndWhatLaunchedIsAdopted() throws Exception {
    ecs.refuseNext(3, "RESOURCE:MEMORY");

    assertThatThrownBy(() -> backend.launch(group, new LaunchRequest(0, 10)))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.isPermanent()).isFalse();
              assertThat(e.reason()).isEqualTo("TasksNotLaunched");
              assertThat(e.getMessage())
                  .contains("launched 7 of 10 tasks")
                  .contains("3 × RESOURCE:MEMORY");
            });

    List<BackendWorker> seen = backend.observe(group);
    assertThat(seen)
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    backend.launch(group, new LaunchRequest(0, 10));
    assertThat(ecs.count("RunTask")).as("the call that launched 7 is not made again").isEqualTo(1);
  }

  /**
   * The chaos suite's {@code operator-ecs} slow scale-up: a RunTask that ECS certainly refused
   * (throttled after the SDK's retries, a 4xx) launched nothing, so its workers must not wait out
   * the launch grace as if its answer were lost. A reset or a 5xx may come after the tasks were
   * created: those stay of unknown outcome.
   */
  @Test
  void aRunTaskThatEcsCertainlyRefusedIsReportedAsNotLaunchedAndALostOneAsUnknown()
      throws Exception {
    ecs.failRunTask(1, throttled());
    BackendException refused = launchFailure(new LaunchRequest(0, 20));
    assertThat(refused.reason()).isEqualTo("Throttled");
    PartialLaunch known = refused.partialLaunch().orElseThrow();
    assertThat(known.launched()).extracting(BackendWorker::launchSequence).hasSize(10);
    assertThat(known.unknownEnd()).as("no sequence of unknown outcome").isEqualTo(0);

    ecs.failRunTask(0, SdkClientException.create("Connection reset"));
    PartialLaunch unknown = launchFailure(new LaunchRequest(10, 10)).partialLaunch().orElseThrow();
    assertThat(unknown.launched()).isEmpty();
    assertThat(unknown.unknownFirst()).isEqualTo(10);
    assertThat(unknown.unknownEnd()).isEqualTo(20);

    ecs.failRunTask(
        0,
        AwsServiceException.builder()
            .statusCode(500)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServerException").build())
            .build());
    assertThat(launchFailure(new LaunchRequest(10, 10)).partialLaunch().orElseThrow().unknownEnd())
        .as("a 5xx may come after ECS acted")
        .isEqualTo(20);
  }

  private BackendException launchFailure(LaunchRequest request) {
    try {
      backend.launch(group, request);
    } catch (BackendException e) {
      return e;
    }
    throw new AssertionError("the launch did not fail");
  }

  private static AwsServiceException throttled() {
    return AwsServiceException.builder()
        .statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build())
        .build();
  }

  @Test
  void stoppingIsOneStopTaskPerWorkerAndTheStopStaysVisible() throws Exception {
    List<String> ids =
        backend.launch(group, new LaunchRequest(0, 3)).stream().map(BackendWorker::id).toList();
    long sequence = byId(backend.observe(group)).get(ids.get(0)).launchSequence();

    backend.stop(group, ids.subList(0, 2), "scaled down");
    backend.stop(group, List.of("0123456789abcdef0123456789abcdef"), "unknown is fine");

    assertThat(ecs.stopped)
        .containsExactlyInAnyOrder(ids.get(0), ids.get(1), "0123456789abcdef0123456789abcdef");
    assertThat(ecs.byId(ids.get(0)).stoppedReason()).isEqualTo("aws-cluster-operator: scaled down");
    Map<String, BackendWorker> seen = byId(backend.observe(group));
    assertThat(seen).hasSize(3);
    assertThat(seen.get(ids.get(0)).phase())
        .as("stopped by the operator: no failure")
        .isEqualTo(WorkerPhase.SUCCEEDED);
    assertThat(seen.get(ids.get(0)).stopRequested()).isTrue();
    assertThat(seen.get(ids.get(0)).launchSequence())
        .as("StopTask deleted the tags; the task group still carries the sequence")
        .isEqualTo(sequence);
    assertThat(ecs.byId(ids.get(0)).tags()).isEmpty();
    assertThat(seen.get(ids.get(2)).stopRequested()).isFalse();
  }

  @Test
  void aRestartedOperatorAdoptsTheTasksItFindsByStartedByBeforeLaunchingAgain() throws Exception {
    backend.launch(group, new LaunchRequest(0, 20));
    backend(100_000)
        .launch(group("9c1d2e3f-0000-4000-8000-000000000001", "other"), new LaunchRequest(0, 10));
    EcsWorkerBackend restarted = backend(100_000);
    ecs.runTasks.clear();
    ecs.calls.clear();

    assertThat(restarted.observe(group))
        .hasSize(20)
        .extracting(BackendWorker::launchSequence)
        .doesNotHaveDuplicates()
        .allMatch(s -> s < 20);
    List<BackendWorker> launched = restarted.launch(group, new LaunchRequest(0, 30));

    assertThat(ecs.runTasks)
        .extracting(RunTaskRequest::clientToken)
        .containsExactly(STARTED_BY + "-20");
    assertThat(launched)
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
    assertThat(restarted.observe(group)).hasSize(30);
  }

  @Test
  void aLostRunTaskAnswerRetriedWhileListsLagLaunchesNothingTwice() throws Exception {
    ecs.hideFromLists();
    ecs.loseNextAnswer();
    assertThatThrownBy(() -> backend.launch(group, new LaunchRequest(0, 10)))
        .isInstanceOf(BackendException.class);
    assertThat(backend.observe(group)).as("ListTasks lags").isEmpty();

    List<BackendWorker> retried = backend.launch(group, new LaunchRequest(0, 10));

    assertThat(ecs.count("RunTask")).isEqualTo(2);
    assertThat(ecs.runTasks.get(1).clientToken()).isEqualTo(ecs.runTasks.get(0).clientToken());
    assertThat(ecs.all()).as("ECS honours the clientToken").hasSize(10);
    assertThat(retried).hasSize(10);
    ecs.catchUp();
    assertThat(backend.observe(group)).hasSize(10);
  }

  @Test
  void overTheLaunchRateTheRestIsLeftForALaterReconcile() throws Exception {
    EcsWorkerBackend limited = backend(25);

    List<BackendWorker> launched = limited.launch(group, new LaunchRequest(0, 50));

    assertThat(launched).hasSize(20);
    assertThat(ecs.runTasks).extracting(RunTaskRequest::count).containsExactly(10, 10);
  }

  @Test
  void aTemplateDefinitionIsRegisteredOnceAndFoundAgainAfterARestart() throws Exception {
    WorkerGroup templated = group(UID, "sim");
    templated.spec().getEcs().setTaskDefinition(null);
    templated.spec().getTemplate().setImage("python:3.12");

    backend.launch(templated, new LaunchRequest(0, 1));
    backend.launch(templated, new LaunchRequest(1, 1));
    assertThat(ecs.count("RegisterTaskDefinition")).isEqualTo(1);
    assertThat(ecs.count("DescribeTaskDefinition")).isEqualTo(1);

    ecs.calls.clear();
    backend(100_000).launch(templated, new LaunchRequest(2, 1));
    assertThat(ecs.count("RegisterTaskDefinition")).isZero();
    assertThat(ecs.count("DescribeTaskDefinition")).isEqualTo(1);
    assertThat(ecs.runTasks.get(2).taskDefinition())
        .isEqualTo(ecs.runTasks.get(0).taskDefinition())
        .startsWith("arn:aws:ecs:");
  }

  private EcsWorkerBackend backend(int launchCapacity) {
    return backend(ecs, launchCapacity);
  }

  private EcsWorkerBackend backend(FakeEcsTasks tasks, int launchCapacity) {
    return backend(tasks, launchCapacity, new StoppedTasks(StoppedTasks.DEFAULT_CAPACITY));
  }

  private EcsWorkerBackend backend(
      FakeEcsTasks tasks, int launchCapacity, StoppedTasks stoppedTasks) {
    return backendOver(tasks, clock, launchCapacity, stoppedTasks);
  }

  /** A backend over the fake, with no launch or stop rate to speak of (shared by the ECS tests). */
  static EcsWorkerBackend backendOver(
      FakeEcsTasks tasks, Clock clock, int launchCapacity, StoppedTasks stoppedTasks) {
    tasks.registered(
        "worker-def", "arn:aws:ecs:us-east-1:123456789012:task-definition/worker-def:3", "worker");
    return new EcsWorkerBackend(
        region -> tasks,
        clock,
        new TokenInEnvironment(),
        new LaunchRateLimiter(launchCapacity, 1, Duration.ZERO, clock, d -> {}),
        new EcsTaskDefinitions(),
        stoppedTasks,
        stopsWithoutRate(clock),
        TaskDescriptions.onThreads(
            TaskDescriptions.DEFAULT_THREADS, TaskDescriptions.DEFAULT_IN_FLIGHT));
  }

  /**
   * Stops on eight threads, no StopTask rate to speak of (every stop is due at once), and the
   * caller waits for them all (a minute at most: no answer that late in a test).
   */
  static TaskStops stopsWithoutRate(Clock clock) {
    return new TaskStops(
        TaskStops.Scheduler.onThreads(TaskStops.DEFAULT_THREADS),
        new LaunchRateLimiter(1_000_000, 1, Duration.ZERO, clock, d -> {}),
        TaskStops.DEFAULT_THREADS,
        Duration.ofMinutes(1));
  }

  static Map<String, BackendWorker> byId(List<BackendWorker> workers) {
    return workers.stream().collect(java.util.stream.Collectors.toMap(BackendWorker::id, w -> w));
  }

  static WorkerGroup group(String uid, String name) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("ecs");
    EcsSpec ecs = new EcsSpec();
    ecs.setCluster("workers");
    ecs.setTaskDefinition("worker-def");
    spec.setEcs(ecs);
    return new WorkerGroup(
        new ClusterKey("research", name),
        uid,
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "token"));
  }

  static TokenDelivery tokenInEnvironment() {
    return new TokenInEnvironment();
  }

  /** The token in the agent's environment: no secret, no worker role needed. */
  private static final class TokenInEnvironment implements TokenDelivery {
    @Override
    public Map<String, String> agentEnvironment(WorkerGroup group, Optional<String> region) {
      return Map.of("ACM_TOKEN", group.coordinator().token());
    }

    @Override
    public void release(WorkerGroup group, Optional<String> region) {}

    @Override
    public boolean needsWorkerRole() {
      return false;
    }
  }
}
