package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A big stop through the backend against {@link FakeEcsTasks}, with the StopTask bucket of ECS (100
 * at once, then 100 a second) on the time of a {@link HeldScheduler}: the calls the bucket allows
 * now are sent before {@code stop} returns, the rest only when the test lets time pass. Between the
 * two, the tasks not stopped yet are observed as asked to stop and are not stopped twice. Clusters
 * take turns: a few stops of one are not queued behind another's backlog, and the bucket's rate
 * holds across them.
 */
class TaskStopsTest {
  private static final String UID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  private static final Instant START = HeldScheduler.START;
  private final Clock clock = Clock.fixed(START, ZoneOffset.UTC);
  private final FakeEcsTasks ecs = new FakeEcsTasks();
  private final WorkerGroup group = EcsWorkerBackendTest.group(UID, "sim");
  private final HeldScheduler scheduler = new HeldScheduler();
  private final TaskStops stops = stopsOn(scheduler, Duration.ofMinutes(1));
  private final EcsWorkerBackend backend = backend(stops);

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  @Test
  void aBigStopSendsWhatTheBucketAllowsNowAndTheRestLater() throws Exception {
    ecs.timeStopsBy(scheduler.clock());
    List<String> ids = launch(1000);

    backend.stop(group, ids, "suspended");

    assertThat(ecs.count("StopTask")).as("the bucket's 100 at once").isEqualTo(100);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(ecs.count("StopTask")).as("100 more in a second: one each 10 ms").isEqualTo(200);

    scheduler.runHeld();

    assertThat(ecs.count("StopTask")).isEqualTo(1000);
    assertThat(ecs.stopped).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(ecs.stopCalls().get(999).at())
        .as("the last 9 s after the first")
        .isEqualTo(START.plusSeconds(9));
  }

  @Test
  void tasksWhoseStopIsPendingAreObservedAsAskedToStopAndNotStoppedTwice() throws Exception {
    List<String> ids = launch(300);
    ids.forEach(id -> ecs.settle(id, "RUNNING", null, null));
    backend.stop(group, ids, "suspended");

    Map<String, BackendWorker> seen = EcsWorkerBackendTest.byId(backend.observe(group));
    assertThat(seen.values())
        .as("200 not sent yet, yet none shown running: the core counts them stopping")
        .hasSize(300)
        .allMatch(BackendWorker::stopRequested);
    assertThat(seen.get(ids.get(299)).phase()).isEqualTo(WorkerPhase.RUNNING);

    backend.stop(group, ids, "suspended");
    assertThat(stops.queuedCount()).as("nothing queued again").isEqualTo(200);
    scheduler.runHeld();

    assertThat(ecs.count("StopTask")).as("one StopTask per task").isEqualTo(300);
    assertThat(backend.observe(group))
        .allMatch(w -> w.phase() == WorkerPhase.SUCCEEDED && w.stopRequested());
  }

  @Test
  void aStopSentButNotYetSeenByEcsIsNotSentAgain() throws Exception {
    List<String> ids = launch(5);
    backend.stop(group, ids, "suspended");

    backend.stop(group, ids, "suspended");

    assertThat(ecs.count("StopTask")).as("no observe in between: still pending").isEqualTo(5);
  }

  @Test
  void aFailedBackgroundStopShowsTheTaskRunningSoTheCoreStopsItAgain() throws Exception {
    List<String> ids = launch(150);
    ids.forEach(id -> ecs.settle(id, "RUNNING", null, null));
    ecs.failStopOf(
        ids.get(140), BackendException.transientFailure("Throttling", "StopTask: throttled", null));
    backend.stop(group, ids, "suspended");
    scheduler.runHeld();

    Map<String, BackendWorker> seen = EcsWorkerBackendTest.byId(backend.observe(group));
    assertThat(seen.get(ids.get(140)).stopRequested()).isFalse();
    assertThat(seen.get(ids.get(140)).phase()).isEqualTo(WorkerPhase.RUNNING);
    assertThat(seen.values().stream().filter(BackendWorker::stopRequested)).hasSize(149);

    ecs.failStopOf(ids.get(140), null);
    backend.stop(group, List.of(ids.get(140)), "suspended");
    scheduler.runHeld();
    assertThat(ecs.byId(ids.get(140)).lastStatus()).isEqualTo("STOPPED");
  }

  @Test
  void afterACrashMidStopTheNextLeaderStopsWhatIsStillRunning() throws Exception {
    List<String> ids = launch(250);
    ids.forEach(id -> ecs.settle(id, "RUNNING", null, null));
    backend.stop(group, ids, "suspended"); // 100 sent, then the process is killed

    HeldScheduler nextScheduler = new HeldScheduler();
    EcsWorkerBackend next = backend(nextScheduler, Duration.ofMinutes(1));
    try {
      List<String> running =
          next.observe(group).stream()
              .filter(w -> !w.isEnded() && !w.stopRequested())
              .map(BackendWorker::id)
              .toList();
      assertThat(running).as("the 150 never sent").hasSize(150);

      next.stop(group, running, "suspended");
      nextScheduler.runHeld();

      assertThat(ecs.count("StopTask")).isEqualTo(250);
      assertThat(next.observe(group)).allMatch(BackendWorker::isEnded);
    } finally {
      next.close();
    }
  }

  @Test
  void releasingTheClusterKeepsNothingOfItYetItsStopsAreStillSent() throws Exception {
    List<String> ids = launch(400);
    backend.stop(group, ids, "suspended");
    assertThat(stops.pendingCount()).isEqualTo(400);

    backend.release(group);

    assertThat(stops.pendingCount()).as("nothing of the cluster kept").isZero();
    assertThat(stops.queuedCount()).as("only its calls not sent yet").isEqualTo(300);
    scheduler.runHeld();
    assertThat(ecs.count("StopTask")).as("no task left running").isEqualTo(400);
  }

  @Test
  void anObserveThatShowsAPendingTaskStoppedDropsItsCallNotSentYet() throws Exception {
    List<String> ids = launch(101);
    backend.stop(group, ids, "suspended");
    ecs.settle(ids.get(100), "STOPPED", "EssentialContainerExited", 0); // ended by itself

    backend.observe(group);

    assertThat(stops.pendingCount()).as("ECS shows them all stopping or stopped").isZero();
    scheduler.runHeld();
    assertThat(ecs.count("StopTask")).as("the call not sent yet was dropped").isEqualTo(100);
  }

  @Test
  void theCallerIsNotHeldLongerThanTheHoldWhenEcsIsSlow() throws Exception {
    EcsWorkerBackend brief = backend(new HeldScheduler(), Duration.ofMillis(50));
    try {
      List<String> ids = launch(brief, 20);
      ecs.closeStops();

      brief.stop(group, ids, "suspended"); // returns though no StopTask has answered

      assertThat(ecs.stopped).isEmpty();
      ecs.openStops();
      for (int i = 0; i < 300 && ecs.count("StopTask") < 20; i++) {
        Thread.sleep(100); // at most 30 s: the calls go on without the caller
      }
      assertThat(ecs.count("StopTask")).isEqualTo(20);
      assertThat(ecs.stopped).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      ecs.openStops();
      brief.close();
    }
  }

  @Test
  void aFailureAmongTheCallsDueNowIsReported() throws Exception {
    List<String> ids = launch(20);
    ecs.failStopOf(
        ids.get(7), BackendException.permanent("AccessDenied", "StopTask: access denied", null));

    assertThatThrownBy(() -> backend.stop(group, ids, "suspended"))
        .isInstanceOfSatisfying(
            BackendException.class, e -> assertThat(e.reason()).isEqualTo("AccessDenied"));
    assertThat(ecs.stopped).hasSize(19);
  }

  @Test
  void aFewStopsOfOneClusterGoOutWithinAFewTokensBehindAnotherClustersBacklog() throws Exception {
    ecs.timeStopsBy(scheduler.clock());
    List<String> big = launch(1000);
    WorkerGroup small = EcsWorkerBackendTest.group("0e4c2f3a-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "small");
    List<String> few = launch(backend, small, 3);
    backend.stop(group, big, "suspended");
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(ecs.count("StopTask")).as("100 at once, 200 in 2 s").isEqualTo(300);

    backend.stop(small, few, "scaled down");
    assertThat(ecs.stopped)
        .as("the caller is not held: the bucket is empty, nothing can go now")
        .doesNotContainAnyElementsOf(few);
    scheduler.advance(Duration.ofMillis(100));

    assertThat(few)
        .as("sent among the next 10 calls (100 ms of tokens), not after the other's 700")
        .allSatisfy(task -> assertThat(positionOf(task)).isBetween(300, 309));
    assertThat(ecs.count("StopTask")).as("the rate is the same").isEqualTo(310);
    scheduler.runHeld();
    assertThat(ecs.count("StopTask")).as("one StopTask per task").isEqualTo(1003);
    assertThat(ecs.stopped).containsAll(big).containsAll(few);
    assertThat(ecs.stopCalls().get(1002).at())
        .as("the backlog drained at the bucket's rate all the same")
        .isEqualTo(START.plusSeconds(2).plusMillis(7030));
  }

  /** Calls dropped because ECS shows their tasks stopping already leave the bucket as it was. */
  @Test
  void droppedCallsCostNoToken() throws Exception {
    ecs.timeStopsBy(scheduler.clock());
    List<String> big = launch(1000);
    WorkerGroup small = EcsWorkerBackendTest.group("0e4c2f3a-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "small");
    List<String> one = launch(backend, small, 1);
    backend.stop(group, big, "suspended"); // the bucket's 100 sent, 900 queued, the bucket empty
    stops.seen(UID, List.of()); // ECS no longer lists them: the 900 are dropped

    scheduler.advance(Duration.ofMillis(10)); // one token back
    backend.stop(small, one, "scaled down");

    assertThat(ecs.stopCalls()).hasSize(101);
    assertThat(ecs.stopCalls().get(100).at()).as("on that token").isEqualTo(START.plusMillis(10));
  }

  @Test
  void aFewStopsAreNotQueuedBehindAnotherClustersCallsWhileEcsIsSlow() throws Exception {
    EcsWorkerBackend brief = backend(new HeldScheduler(), Duration.ofMillis(50));
    try {
      List<String> big = launch(brief, 1000);
      WorkerGroup small =
          EcsWorkerBackendTest.group("0e4c2f3a-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "small");
      List<String> few = launch(brief, small, 3);
      ecs.closeStops();
      brief.stop(group, big, "suspended"); // 8 calls in flight, answering only when let through
      brief.stop(small, few, "scaled down");

      ecs.openStops();
      for (int i = 0; i < 300 && ecs.count("StopTask") < 100; i++) {
        Thread.sleep(100); // at most 30 s: the bucket's 100 go without the callers
      }

      assertThat(ecs.count("StopTask")).as("the bucket's 100").isEqualTo(100);
      assertThat(few)
          .as(
              "the 8 in flight, then the clusters in turns (calls a few at a time may pass each other)")
          .allSatisfy(task -> assertThat(positionOf(task)).isBetween(0, 23));
    } finally {
      ecs.openStops();
      brief.close();
    }
  }

  @Test
  void theBucketsRateHoldsAcrossClusters() throws Exception {
    ecs.timeStopsBy(scheduler.clock());
    WorkerGroup second = EcsWorkerBackendTest.group("0e4c2f3a-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "b");
    WorkerGroup third = EcsWorkerBackendTest.group("5f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "c");
    List<String> first = launch(1000);
    List<String> secondIds = launch(backend, second, 500);
    List<String> thirdIds = launch(backend, third, 50);

    backend.stop(group, first, "suspended");
    scheduler.advance(Duration.ofMillis(1500));
    backend.stop(second, secondIds, "suspended");
    scheduler.advance(Duration.ofSeconds(3));
    backend.stop(third, thirdIds, "suspended");
    scheduler.runHeld();

    List<FakeEcsTasks.StopTaskCall> calls = ecs.stopCalls();
    assertThat(calls).hasSize(1550);
    assertThat(calls.stream().map(FakeEcsTasks.StopTaskCall::task).distinct()).hasSize(1550);
    double tokens = 100; // the calls replayed through a bucket of 100 refilled at 100/s
    for (int i = 0; i < calls.size(); i++) {
      if (i > 0) {
        double seconds = Duration.between(calls.get(i - 1).at(), calls.get(i).at()).toNanos() / 1e9;
        tokens = Math.min(100, tokens + 100 * seconds);
      }
      tokens -= 1;
      assertThat(tokens)
          .as("call %d at %s: within the bucket", i, calls.get(i).at())
          .isGreaterThan(-1e-6);
    }
  }

  private EcsWorkerBackend backend(HeldScheduler on, Duration hold) {
    return backend(stopsOn(on, hold));
  }

  /** The StopTask bucket of ECS on the scheduler's time, eight calls in flight at most. */
  private static TaskStops stopsOn(HeldScheduler on, Duration hold) {
    return new TaskStops(
        on,
        new LaunchRateLimiter(100, 100, Duration.ZERO, on.clock(), d -> {}),
        TaskStops.DEFAULT_THREADS,
        hold);
  }

  private EcsWorkerBackend backend(TaskStops stopping) {
    ecs.registered(
        "worker-def", "arn:aws:ecs:us-east-1:123456789012:task-definition/worker-def:3", "worker");
    return new EcsWorkerBackend(
        region -> ecs,
        clock,
        EcsWorkerBackendTest.tokenInEnvironment(),
        new LaunchRateLimiter(100_000, 1, Duration.ZERO, clock, d -> {}),
        new EcsTaskDefinitions(),
        new StoppedTasks(StoppedTasks.DEFAULT_CAPACITY),
        stopping,
        TaskDescriptions.onThreads(2, 2));
  }

  private List<String> launch(int n) throws BackendException {
    return launch(backend, n);
  }

  private List<String> launch(EcsWorkerBackend on, int n) throws BackendException {
    return launch(on, group, n);
  }

  private static List<String> launch(EcsWorkerBackend on, WorkerGroup of, int n)
      throws BackendException {
    return on.launch(of, new LaunchRequest(0, n)).stream().map(BackendWorker::id).toList();
  }

  /** Where each task's StopTask came among all the StopTask calls (-1: never). */
  private int positionOf(String task) {
    List<FakeEcsTasks.StopTaskCall> calls = ecs.stopCalls();
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).task().equals(task)) {
        return i;
      }
    }
    return -1;
  }
}
