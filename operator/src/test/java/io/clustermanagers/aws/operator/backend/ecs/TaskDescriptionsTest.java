package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * DescribeTasks of one observe, a few at a time, against {@link FakeEcsTasks}: still one call per
 * 100 tasks, no more calls at once than the bound, the same tasks as one call after the other, and
 * the worst failure reported.
 */
class TaskDescriptionsTest {
  private static final String UID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final FakeEcsTasks ecs = new FakeEcsTasks();
  private final WorkerGroup group = EcsWorkerBackendTest.group(UID, "sim");
  private final TaskDescriptions fourAtATime = TaskDescriptions.onThreads(8, 4);
  private final TaskDescriptions oneAfterTheOther = TaskDescriptions.onThreads(8, 1);

  @AfterEach
  void close() {
    fourAtATime.close();
    oneAfterTheOther.close();
  }

  @Test
  void oneCallPerHundredTasksFourAtOnceAndNoMore() throws Exception {
    List<String> arns = launch(1000);
    ecs.calls.clear();
    ecs.holdDescribesUntilInFlight(4);

    List<Task> tasks = fourAtATime.describe(ecs, "workers", arns);

    assertThat(ecs.describesMet()).as("4 DescribeTasks calls were in flight at once").isTrue();
    assertThat(ecs.maxDescribesInFlight()).isEqualTo(4);
    assertThat(ecs.count("DescribeTasks")).as("⌈1000/100⌉").isEqualTo(10);
    assertThat(tasks).extracting(Task::taskArn).containsExactlyElementsOf(arns);
  }

  @Test
  void theSameTasksAsOneCallAfterTheOther() throws Exception {
    List<String> arns = launch(250);

    List<Task> parallel = fourAtATime.describe(ecs, "workers", arns);
    ecs.calls.clear();
    List<Task> sequential = oneAfterTheOther.describe(ecs, "workers", arns);

    assertThat(parallel).isEqualTo(sequential);
    assertThat(ecs.count("DescribeTasks")).isEqualTo(3);
    assertThat(ecs.maxDescribesInFlight()).as("the first describe's").isLessThanOrEqualTo(3);
  }

  @Test
  void aPermanentFailureIsReportedBeforeATransientOne() throws Exception {
    List<String> arns = launch(400);
    ecs.failDescribeOf(
        EcsTaskMapper.taskId(arns.get(50)),
        BackendException.transientFailure("Throttling", "DescribeTasks: throttled", null));
    ecs.failDescribeOf(
        EcsTaskMapper.taskId(arns.get(350)),
        BackendException.permanent("AccessDenied", "DescribeTasks: access denied", null));
    ecs.holdDescribesUntilInFlight(4); // all four chunks are sent before either failure is known

    assertThatThrownBy(() -> fourAtATime.describe(ecs, "workers", arns))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("AccessDenied");
              assertThat(e.getSuppressed()).hasSize(1);
            });
  }

  @Test
  void theBackendObservesThroughItWithTheStoppedTasksCacheKept() throws Exception {
    EcsWorkerBackend backend =
        new EcsWorkerBackend(
            region -> ecs,
            clock,
            EcsWorkerBackendTest.tokenInEnvironment(),
            new LaunchRateLimiter(100_000, 1, Duration.ZERO, clock, d -> {}),
            new EcsTaskDefinitions(),
            new StoppedTasks(StoppedTasks.DEFAULT_CAPACITY),
            EcsWorkerBackendTest.stopsWithoutRate(clock),
            TaskDescriptions.onThreads(8, 4));
    try {
      ecs.registered(
          "worker-def",
          "arn:aws:ecs:us-east-1:123456789012:task-definition/worker-def:3",
          "worker");
      List<String> ids =
          backend.launch(group, new LaunchRequest(0, 1000)).stream()
              .map(BackendWorker::id)
              .toList();
      ids.subList(0, 600).forEach(id -> ecs.settle(id, "STOPPED", "EssentialContainerExited", 0));
      ecs.holdDescribesUntilInFlight(4);
      assertThat(backend.observe(group)).hasSize(1000);
      assertThat(ecs.describesMet()).isTrue();
      ecs.calls.clear();

      assertThat(backend.observe(group)).hasSize(1000);

      assertThat(ecs.count("DescribeTasks")).as("only the 400 running: ⌈400/100⌉").isEqualTo(4);
    } finally {
      backend.close();
    }
  }

  private List<String> launch(int n) throws BackendException {
    ecs.registered(
        "worker-def", "arn:aws:ecs:us-east-1:123456789012:task-definition/worker-def:3", "worker");
    try (EcsWorkerBackend backend =
        EcsWorkerBackendTest.backendOver(
            ecs, clock, 100_000, new StoppedTasks(StoppedTasks.DEFAULT_CAPACITY))) {
      List<String> ids =
          backend.launch(group, new LaunchRequest(0, n)).stream().map(BackendWorker::id).toList();
      return ids.stream().map(id -> ecs.byId(id).taskArn()).toList();
    }
  }
}
