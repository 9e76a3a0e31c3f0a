package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a resync and a stop cost at scale, against {@link FakeEcsTasks}: a STOPPED task is described
 * once and then kept ({@link StoppedTasks}) until ECS no longer lists it; stops go a few at a time
 * ({@link TaskStops}) and skip tasks known to be stopped.
 */
class EcsResyncAndStopTest {
  private static final String UID = "0b5e9a7c-1d2e-4f3a-8b9c-0d1e2f3a4b5c";
  private final Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final FakeEcsTasks ecs = new FakeEcsTasks();
  private final WorkerGroup group = EcsWorkerBackendTest.group(UID, "sim");
  private final StoppedTasks stoppedTasks = new StoppedTasks(StoppedTasks.DEFAULT_CAPACITY);
  private final EcsWorkerBackend backend =
      EcsWorkerBackendTest.backendOver(ecs, clock, 100_000, stoppedTasks);

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  @Test
  void aStoppedTaskIsDescribedOnceThenKeptWhileEcsListsIt() throws Exception {
    List<String> ids = launch(250);
    ids.subList(0, 150).forEach(id -> ecs.settle(id, "STOPPED", "EssentialContainerExited", 0));
    ids.subList(150, 250).forEach(id -> ecs.settle(id, "RUNNING", null, null));

    Map<String, BackendWorker> first = EcsWorkerBackendTest.byId(backend.observe(group));
    assertThat(ecs.count("DescribeTasks")).as("250 tasks, ⌈250/100⌉ calls").isEqualTo(3);
    ecs.calls.clear();
    Map<String, BackendWorker> second = EcsWorkerBackendTest.byId(backend.observe(group));

    assertThat(ecs.count("DescribeTasks"))
        .as("only the 100 running tasks are described again")
        .isEqualTo(1);
    assertThat(second).isEqualTo(first);
    assertThat(second.get(ids.get(0)).phase()).isEqualTo(WorkerPhase.SUCCEEDED);
    assertThat(second.get(ids.get(200)).phase()).isEqualTo(WorkerPhase.RUNNING);

    ids.subList(0, 50).forEach(ecs::expire);
    ecs.calls.clear();
    assertThat(backend.observe(group)).as("ECS forgot 50 stopped tasks").hasSize(200);
    assertThat(stoppedTasks.size()).as("and so did the cache").isEqualTo(100);
    assertThat(ecs.count("DescribeTasks")).isEqualTo(1);
  }

  @Test
  void aTaskStoppingIsDescribedAgainUntilItHasStopped() throws Exception {
    List<String> ids = launch(3);
    backend.observe(group);
    ecs.settle(ids.get(0), "DEPROVISIONING", null, null);
    ecs.calls.clear();

    backend.observe(group);
    backend.observe(group);
    assertThat(ecs.count("DescribeTasks"))
        .as("nothing has stopped: described each time")
        .isEqualTo(2);

    ecs.settle(ids.get(0), "STOPPED", "EssentialContainerExited", 1);
    assertThat(EcsWorkerBackendTest.byId(backend.observe(group)).get(ids.get(0)).phase())
        .isEqualTo(WorkerPhase.FAILED);
    assertThat(stoppedTasks.size()).isEqualTo(1);
  }

  @Test
  void theCacheIsBoundedAndBeyondItTasksAreDescribedAgain() throws Exception {
    StoppedTasks small = new StoppedTasks(100);
    EcsWorkerBackend bounded = EcsWorkerBackendTest.backendOver(ecs, clock, 100_000, small);
    try {
      List<String> ids = launch(bounded, 200);
      ids.forEach(id -> ecs.settle(id, "STOPPED", "EssentialContainerExited", 0));
      bounded.observe(group);
      ecs.calls.clear();

      assertThat(bounded.observe(group)).hasSize(200);

      assertThat(small.size()).isEqualTo(100);
      assertThat(ecs.count("DescribeTasks")).as("the 100 beyond the bound").isEqualTo(1);
    } finally {
      bounded.close();
    }
  }

  @Test
  void releasingTheClusterForgetsItsStoppedTasks() throws Exception {
    List<String> ids = launch(20);
    ids.forEach(id -> ecs.settle(id, "STOPPED", "EssentialContainerExited", 0));
    backend.observe(group);
    assertThat(stoppedTasks.size()).isEqualTo(20);

    backend.release(group);

    assertThat(stoppedTasks.size()).isZero();
    ecs.calls.clear();
    backend.observe(group);
    assertThat(ecs.count("DescribeTasks")).as("read again from ECS").isEqualTo(1);
  }

  @Test
  void manyStopsOverlapButNoMoreThanThePoolAtOnce() throws Exception {
    List<String> ids = launch(1000);
    ecs.holdStopsUntilInFlight(TaskStops.DEFAULT_THREADS);

    backend.stop(group, ids, "suspended");

    assertThat(ecs.stopsMet()).as("8 StopTask calls were in flight at once").isTrue();
    assertThat(ecs.maxStopsInFlight()).isEqualTo(TaskStops.DEFAULT_THREADS);
    assertThat(ecs.count("StopTask")).isEqualTo(1000);
    assertThat(ecs.stopped).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(backend.observe(group)).allMatch(BackendWorker::stopRequested);
  }

  @Test
  void aStopRepeatedAfterTheTasksStoppedCallsNothingAgain() throws Exception {
    List<String> ids = launch(30);
    backend.stop(group, ids.subList(0, 20), "scaled down");
    backend.observe(group);
    ecs.calls.clear();

    backend.stop(group, ids, "suspended");

    assertThat(ecs.count("StopTask")).as("only the 10 not stopped yet").isEqualTo(10);
    assertThat(ecs.byId(ids.get(0)).stoppedReason()).contains("scaled down");
    assertThat(ecs.byId(ids.get(29)).stoppedReason()).contains("suspended");
  }

  @Test
  void aStopRepeatedByAFreshBackendIsHarmless() throws Exception {
    List<String> ids = launch(10);
    backend.stop(group, ids, "suspended");
    EcsWorkerBackend restarted =
        EcsWorkerBackendTest.backendOver(ecs, clock, 100_000, new StoppedTasks(100));
    try {
      restarted.stop(group, ids, "suspended");

      assertThat(ecs.count("StopTask")).as("nothing known yet: stopped again").isEqualTo(20);
      assertThat(restarted.observe(group))
          .hasSize(10)
          .allMatch(w -> w.phase() == WorkerPhase.SUCCEEDED && w.stopRequested());
    } finally {
      restarted.close();
    }
  }

  @Test
  void aFailedStopDoesNotHoldBackTheOthersAndAPermanentOneIsReported() throws Exception {
    List<String> ids = launch(20);
    ecs.failStopOf(
        ids.get(3), BackendException.transientFailure("Throttling", "StopTask: throttled", null));
    ecs.failStopOf(
        ids.get(7), BackendException.permanent("AccessDenied", "StopTask: access denied", null));

    assertThatThrownBy(() -> backend.stop(group, ids, "suspended"))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("AccessDenied");
              assertThat(e.getSuppressed()).hasSize(1);
            });
    assertThat(ecs.count("StopTask")).isEqualTo(20);
    assertThat(ecs.stopped).hasSize(18);
  }

  private List<String> launch(int n) throws BackendException {
    return launch(backend, n);
  }

  private List<String> launch(EcsWorkerBackend on, int n) throws BackendException {
    return on.launch(group, new LaunchRequest(0, n)).stream().map(BackendWorker::id).toList();
  }
}
