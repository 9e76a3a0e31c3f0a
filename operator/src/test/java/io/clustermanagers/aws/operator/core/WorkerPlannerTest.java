package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerPlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final WorkerPlanner planner =
      new WorkerPlanner(
          new PlannerPolicy(
              Duration.ofSeconds(5), Duration.ofMinutes(5), 3, Duration.ofMinutes(10)));
  private final List<BackendWorker> workers = new ArrayList<>();
  private final List<RegisteredWorker> registered = new ArrayList<>();

  private static DesiredCluster desired(int replicas) {
    return new DesiredCluster(
        BackendType.LOCAL,
        replicas,
        replicas,
        Duration.ofMinutes(1),
        Duration.ofSeconds(30),
        false,
        List.of(),
        Duration.ofMinutes(15),
        Optional.empty(),
        Optional.empty());
  }

  private BackendWorker running(long seq) {
    BackendWorker w =
        new BackendWorker(
            "w-" + seq, seq, WorkerPhase.RUNNING, T0, Optional.of(T0), Optional.empty(), false, "");
    workers.add(w);
    return w;
  }

  private BackendWorker pending(long seq) {
    BackendWorker w =
        new BackendWorker(
            "w-" + seq,
            seq,
            WorkerPhase.PENDING,
            T0,
            Optional.empty(),
            Optional.empty(),
            false,
            "");
    workers.add(w);
    return w;
  }

  private BackendWorker ended(long seq, Instant at, boolean stopRequested) {
    BackendWorker w =
        new BackendWorker(
            "w-" + seq,
            seq,
            WorkerPhase.FAILED,
            T0,
            Optional.of(T0),
            Optional.of(at),
            stopRequested,
            "exit code 1");
    workers.add(w);
    return w;
  }

  private void ready(long seq, Instant lastHeartbeat) {
    running(seq);
    registered.add(new RegisteredWorker("w-" + seq, "10.0.0." + seq, 0, T0, lastHeartbeat));
  }

  private Plan plan(DesiredCluster desired, FailureTally tally, Instant now) {
    return planner.plan(
        desired, workers, registered, tally, now, T0.minusSeconds(3600), PlanLimits.none(T0));
  }

  @Test
  void launchesTheMissingWorkers() {
    ready(0, T0);
    Plan plan = plan(desired(4), FailureTally.NONE, T0.plusSeconds(1));
    assertThat(plan.launch()).isEqualTo(3);
    assertThat(plan.stops()).isEmpty();
  }

  @Test
  void scaleDownStopsNeverRegisteredFirstThenNewest() {
    ready(0, T0);
    ready(1, T0);
    ready(2, T0);
    running(3);
    pending(4);
    Plan plan = plan(desired(2), FailureTally.NONE, T0.plusSeconds(1));
    assertThat(plan.launch()).isZero();
    assertThat(plan.stops()).extracting(StopOrder::workerId).containsExactly("w-4", "w-3", "w-2");
    assertThat(plan.stops()).extracting(StopOrder::reason).containsOnly("ScaleDown");
  }

  @Test
  void workersToDeleteComeBeforeTheNewest() {
    ready(0, T0);
    ready(1, T0);
    ready(2, T0);
    DesiredCluster desired =
        new DesiredCluster(
            BackendType.LOCAL,
            2,
            2,
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            false,
            List.of("w-0"),
            Duration.ofMinutes(15),
            Optional.empty(),
            Optional.empty());
    assertThat(plan(desired, FailureTally.NONE, T0).stops())
        .extracting(StopOrder::workerId)
        .containsExactly("w-0");
  }

  @Test
  void suspendStopsEveryoneAndLaunchesNothing() {
    ready(0, T0);
    running(1);
    DesiredCluster desired =
        new DesiredCluster(
            BackendType.LOCAL,
            2,
            2,
            Duration.ofMinutes(1),
            Duration.ofSeconds(30),
            true,
            List.of(),
            Duration.ofMinutes(15),
            Optional.empty(),
            Optional.empty());
    Plan plan = plan(desired, FailureTally.NONE, T0);
    assertThat(plan.launch()).isZero();
    assertThat(plan.stops()).extracting(StopOrder::reason).containsOnly("Suspended");
    assertThat(plan.stops()).hasSize(2);
  }

  @Test
  void lostWorkerIsStoppedReplacedLaterAndCounted() {
    ready(0, T0);
    ready(1, T0.plusSeconds(100));
    Instant now = T0.plusSeconds(101);
    Plan plan = plan(desired(2), FailureTally.NONE, now);
    assertThat(plan.stops())
        .extracting(StopOrder::workerId, StopOrder::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("w-0", "HeartbeatTimeout"));
    assertThat(plan.failures().consecutive()).isEqualTo(1);
    assertThat(plan.launch()).as("first failure waits out the base backoff").isZero();
    assertThat(plan.launchBlockedUntil()).contains(now.plusSeconds(5));
  }

  @Test
  void workerThatNeverRegistersIsStoppedAtTheDeadline() {
    running(0);
    assertThat(plan(desired(1), FailureTally.NONE, T0.plusSeconds(59)).stops()).isEmpty();
    Plan late = plan(desired(1), FailureTally.NONE, T0.plusSeconds(60));
    assertThat(late.stops()).extracting(StopOrder::reason).containsExactly("RegistrationTimeout");
  }

  @Test
  void afterARestartRunningWorkersGetAHeartbeatTimeoutToRegisterAgain() {
    running(0); // started long ago, registered with the previous operator process
    Instant restartedAt = T0.plusSeconds(3600);
    Plan justAfter =
        planner.plan(
            desired(1),
            workers,
            registered,
            FailureTally.NONE,
            restartedAt.plusSeconds(29),
            restartedAt,
            PlanLimits.none(T0));
    assertThat(justAfter.stops()).as("within a heartbeat timeout of the restart").isEmpty();
    assertThat(justAfter.nextDeadline()).contains(restartedAt.plusSeconds(30));
    Plan later =
        planner.plan(
            desired(1),
            workers,
            registered,
            FailureTally.NONE,
            restartedAt.plusSeconds(30),
            restartedAt,
            PlanLimits.none(T0));
    assertThat(later.stops()).extracting(StopOrder::reason).containsExactly("RegistrationTimeout");
  }

  @Test
  void pendingWorkerHasNoRegistrationDeadline() {
    pending(0);
    assertThat(plan(desired(1), FailureTally.NONE, T0.plusSeconds(3600)).stops()).isEmpty();
  }

  @Test
  void endedWorkerCountsOnceAndBacksOffExponentially() {
    Instant end = T0.plusSeconds(10);
    ended(0, end, false);
    Plan first = plan(desired(1), FailureTally.NONE, end.plusSeconds(1));
    assertThat(first.failures().consecutive()).isEqualTo(1);
    assertThat(first.failures().lastFailureReason()).contains("w-0").contains("exit code 1");
    assertThat(first.launch()).isZero();
    Plan again = plan(desired(1), first.failures(), end.plusSeconds(2));
    assertThat(again.failures().consecutive()).as("not counted twice").isEqualTo(1);
    Plan afterBackoff = plan(desired(1), first.failures(), end.plusSeconds(5));
    assertThat(afterBackoff.launch()).isEqualTo(1);
  }

  @Test
  void backoffDoublesAndCaps() {
    PlannerPolicy policy =
        new PlannerPolicy(Duration.ofSeconds(5), Duration.ofSeconds(60), 3, Duration.ofMinutes(10));
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.backoff(10)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.backoff(1000)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void spotInterruptionIsReplacedAtOnceAndCountedApart() {
    Instant end = T0.plusSeconds(10);
    workers.add(
        new BackendWorker(
            "w-0",
            0,
            WorkerPhase.FAILED,
            T0,
            Optional.of(T0),
            Optional.of(end),
            false,
            "SpotInterruption: Your Spot Task was interrupted.",
            true));
    Plan plan = plan(desired(1), FailureTally.NONE, end.plusSeconds(1));
    assertThat(plan.failures().consecutive()).isZero();
    assertThat(plan.failures().interruptions()).isEqualTo(1);
    assertThat(plan.launch()).as("no backoff for an interruption").isEqualTo(1);
    assertThat(plan.notes()).extracting(PlanNote::reason).containsExactly("WorkerInterrupted");
    Plan again = plan(desired(1), plan.failures(), end.plusSeconds(2));
    assertThat(again.failures().interruptions()).as("counted once").isEqualTo(1);
  }

  @Test
  void stoppedByUsIsNoFailure() {
    ended(0, T0.plusSeconds(1), true);
    Plan plan = plan(desired(1), FailureTally.NONE, T0.plusSeconds(2));
    assertThat(plan.failures().consecutive()).isZero();
    assertThat(plan.launch()).isEqualTo(1);
  }

  @Test
  void failuresResetOnceEveryWorkerHasBeenReadyForTheResetPeriod() {
    ready(0, T0);
    FailureTally two =
        new FailureTally(
            2, Optional.of(T0.minusSeconds(600)), "old", Optional.of(T0.minusSeconds(600)));
    assertThat(plan(desired(1), two, T0).failures().consecutive()).isZero();
  }

  @Test
  void aWorkerThatRegistersThenCrashesDoesNotResetTheCount() {
    ready(0, T0);
    FailureTally recent =
        new FailureTally(
            2, Optional.of(T0.minusSeconds(30)), "crashed", Optional.of(T0.minusSeconds(30)));
    assertThat(plan(desired(1), recent, T0).failures().consecutive())
        .as("all ready for a moment is not stability")
        .isEqualTo(2);
  }

  @Test
  void nextDeadlineIsTheEarliestHeartbeatOrRegistrationDeadline() {
    ready(0, T0);
    running(1);
    Plan plan = plan(desired(2), FailureTally.NONE, T0);
    assertThat(plan.nextDeadline()).contains(T0.plusSeconds(30));
  }
}
