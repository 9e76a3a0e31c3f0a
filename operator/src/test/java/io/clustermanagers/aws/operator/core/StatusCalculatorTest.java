package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import io.clustermanagers.aws.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final StatusCalculator calculator = new StatusCalculator(2, 3);
  private final List<WorkerView> workers = new ArrayList<>();

  private static DesiredCluster desired(int replicas, int minReady, boolean suspend) {
    return new DesiredCluster(
        BackendType.BATCH,
        replicas,
        minReady,
        Duration.ofMinutes(25),
        Duration.ofSeconds(30),
        suspend,
        List.of(),
        Duration.ofMinutes(15),
        Optional.empty(),
        Optional.empty());
  }

  private void pending(long seq, String reason) {
    workers.add(
        new WorkerView(
            new BackendWorker(
                "w-" + seq,
                seq,
                WorkerPhase.PENDING,
                T0,
                Optional.empty(),
                Optional.empty(),
                false,
                reason),
            Optional.empty(),
            WorkerState.PENDING));
  }

  private void ready(long seq) {
    ready(seq, T0);
  }

  private void ready(long seq, Instant lastHeartbeat) {
    workers.add(
        new WorkerView(
            new BackendWorker(
                "w-" + seq,
                seq,
                WorkerPhase.RUNNING,
                T0,
                Optional.of(T0),
                Optional.empty(),
                false,
                ""),
            Optional.of(new RegisteredWorker("w-" + seq, "10.0.0.1", 0, T0, lastHeartbeat)),
            WorkerState.READY));
  }

  private AwsClusterStatus compute(DesiredCluster desired, AwsClusterStatus previous, Instant now) {
    return compute(desired, previous, now, Optional.empty(), Optional.empty());
  }

  private AwsClusterStatus compute(
      DesiredCluster desired,
      AwsClusterStatus previous,
      Instant now,
      Optional<WorkerLimit> limit,
      Optional<String> lifetimeOver) {
    ClusterFacts facts =
        new ClusterFacts(
            7,
            "sim",
            Optional.of(desired),
            workers,
            FailureTally.NONE,
            Optional.empty(),
            4,
            new CoordinatorStatus("http://c", "sim-coordinator-token"),
            Optional.empty(),
            false,
            limit,
            lifetimeOver);
    return calculator.compute(facts, previous, now);
  }

  private static Condition condition(AwsClusterStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void waitingForCapacitySaysWhyInTheReadyCondition() {
    ready(0);
    pending(1, "RUNNABLE: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - no capacity");
    pending(2, "RUNNABLE: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - no capacity");
    AwsClusterStatus status = compute(desired(3, 3, false), new AwsClusterStatus(), T0);
    Condition ready = condition(status, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("WaitingForWorkers");
    assertThat(ready.getMessage())
        .contains("1 of 3 workers ready")
        .contains("2 pending: RUNNABLE: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY");
    assertThat(status.getPhase()).isEqualTo("Provisioning");
    assertThat(status.getPendingReplicas()).isEqualTo(2);
    assertThat(status.getObservedGeneration()).isEqualTo(7);
  }

  @Test
  void readyOnceMinReadyIsReachedAndTransitionTimeKept() {
    ready(0);
    ready(1);
    pending(2, "");
    AwsClusterStatus first = compute(desired(3, 2, false), new AwsClusterStatus(), T0);
    assertThat(condition(first, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(first.getPhase()).isEqualTo("Running");
    AwsClusterStatus later = compute(desired(3, 2, false), first, T0.plusSeconds(60));
    assertThat(condition(later, Conditions.READY).getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(condition(later, Conditions.PROGRESSING).getStatus()).isEqualTo("True");
  }

  @Test
  void heartbeatsAloneLeaveTheStatusAsItWas() {
    ready(0, T0);
    ready(1, T0);
    AwsClusterStatus first = compute(desired(2, 2, false), new AwsClusterStatus(), T0);
    workers.clear();
    ready(0, T0.plusSeconds(50));
    ready(1, T0.plusSeconds(55));

    AwsClusterStatus later = compute(desired(2, 2, false), first, T0.plusSeconds(60));

    assertThat(later).as("nothing to write at rest").isEqualTo(first);
  }

  @Test
  void theWorkerListIsCappedAndNotReadyWorkersComeFirst() {
    ready(0);
    ready(1);
    pending(2, "");
    AwsClusterStatus status = compute(desired(3, 3, false), new AwsClusterStatus(), T0);
    assertThat(status.getWorkers()).hasSize(2);
    assertThat(status.getWorkers().get(0).getId()).isEqualTo("w-2");
    assertThat(status.getWorkersOmitted()).isEqualTo(1);
  }

  @Test
  void suspendedClusterIsNotReadyAndSaysSo() {
    AwsClusterStatus status = compute(desired(3, 3, true), new AwsClusterStatus(), T0);
    assertThat(condition(status, Conditions.READY).getReason()).isEqualTo("Suspended");
    assertThat(status.getPhase()).isEqualTo("Suspended");
    assertThat(status.getSelector()).isEqualTo("aws.clustermanagers.io/cluster=sim");
  }

  @Test
  void aLimitShowsInProgressingUntilTheClusterIsFullThenStopsProgressing() {
    WorkerLimit limit = new WorkerLimit(2, "at most 2 per cluster (--max-workers-per-cluster)");
    ready(0);

    AwsClusterStatus filling =
        compute(desired(3, 1, false), new AwsClusterStatus(), T0, Optional.of(limit), none());
    Condition progressing = condition(filling, Conditions.PROGRESSING);
    assertThat(progressing.getReason()).isEqualTo("WorkerLimitExceeded");
    assertThat(progressing.getStatus()).isEqualTo("True");
    assertThat(progressing.getMessage())
        .isEqualTo(
            "1 of 3 workers launched, at most 2: at most 2 per cluster"
                + " (--max-workers-per-cluster)");
    assertThat(condition(filling, Conditions.READY).getReason()).isEqualTo("MinReadyReached");

    ready(1);
    AwsClusterStatus full = compute(desired(3, 1, false), filling, T0, Optional.of(limit), none());
    assertThat(condition(full, Conditions.PROGRESSING).getStatus()).isEqualTo("False");
    assertThat(condition(full, Conditions.PROGRESSING).getReason())
        .isEqualTo("WorkerLimitExceeded");
  }

  @Test
  void aLimitBelowMinReadyIsWhyTheClusterIsNotReady() {
    ready(0);
    WorkerLimit limit = new WorkerLimit(2, "at most 2 (--max-workers)");

    AwsClusterStatus status =
        compute(desired(3, 3, false), new AwsClusterStatus(), T0, Optional.of(limit), none());

    Condition ready = condition(status, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("WorkerLimitExceeded");
    assertThat(ready.getMessage()).contains("1 of 3 workers ready", "--max-workers");
  }

  @Test
  void aClusterPastItsLifetimeIsSuspendedSayingSo() {
    Optional<String> over = Optional.of("spec.maxLifetime (1h since T0) ended at T1");

    AwsClusterStatus status =
        compute(desired(3, 3, false), new AwsClusterStatus(), T0, Optional.empty(), over);

    Condition ready = condition(status, Conditions.READY);
    assertThat(ready.getReason()).isEqualTo("MaxLifetimeExceeded");
    assertThat(ready.getMessage()).contains("spec.maxLifetime (1h since T0) ended at T1");
    assertThat(condition(status, Conditions.PROGRESSING).getReason())
        .isEqualTo("MaxLifetimeExceeded");
    assertThat(condition(status, Conditions.PROGRESSING).getStatus()).isEqualTo("False");
    assertThat(status.getPhase()).isEqualTo("Suspended");
  }

  private static Optional<String> none() {
    return Optional.empty();
  }
}
