package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
import io.clustermanagers.aws.api.v1alpha1.WorkerStatus;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.GangNode;
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

/** The status of a gang cluster: workers by node index, a replaced job, a job running short. */
class GangStatusTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final StatusCalculator calculator = new StatusCalculator(100, 3);
  private final List<WorkerView> workers = new ArrayList<>();

  private static DesiredCluster desired(int nodes, boolean replaceOnLoss) {
    return new DesiredCluster(
        BackendType.BATCH,
        nodes,
        nodes,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        false,
        List.of(),
        Duration.ofMinutes(15),
        Optional.empty(),
        Optional.of(new GangPolicy(replaceOnLoss)));
  }

  private void node(String job, long first, int size, int index, WorkerState state) {
    boolean registered = state == WorkerState.READY;
    workers.add(
        new WorkerView(
            new BackendWorker(
                job + "#" + index,
                first + index,
                state == WorkerState.ENDED
                    ? WorkerPhase.FAILED
                    : state == WorkerState.PENDING ? WorkerPhase.PENDING : WorkerPhase.RUNNING,
                T0,
                Optional.of(T0),
                state == WorkerState.ENDED ? Optional.of(T0) : Optional.empty(),
                state == WorkerState.STOPPING,
                "",
                false,
                Optional.of(new GangNode(job, size, index, index == 0))),
            registered
                ? Optional.of(new RegisteredWorker(job + "#" + index, "10.0.0.9", 0, T0, T0))
                : Optional.empty(),
            state));
  }

  private AwsClusterStatus compute(DesiredCluster desired) {
    ClusterFacts facts =
        new ClusterFacts(
            3,
            "mpi",
            Optional.of(desired),
            workers,
            FailureTally.NONE,
            Optional.empty(),
            8,
            new CoordinatorStatus("http://c", "mpi-coordinator-token"),
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.empty());
    return calculator.compute(facts, new AwsClusterStatus(), T0);
  }

  private static Condition condition(AwsClusterStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void workersAreListedByNodeIndexWhateverTheirState() {
    node("j1", 0, 4, 2, WorkerState.READY);
    node("j1", 0, 4, 0, WorkerState.READY);
    node("j1", 0, 4, 3, WorkerState.STARTING);
    node("j1", 0, 4, 1, WorkerState.READY);
    AwsClusterStatus status = compute(desired(4, true));
    assertThat(status.getWorkers()).extracting(WorkerStatus::getNode).containsExactly(0, 1, 2, 3);
    assertThat(status.getWorkers())
        .extracting(WorkerStatus::getId)
        .containsExactly("j1#0", "j1#1", "j1#2", "j1#3");
  }

  @Test
  void aNewNodeCountSaysWhichJobIsReplacedByWhat() {
    for (int i = 0; i < 4; i++) {
      node("j1", 0, 4, i, WorkerState.STOPPING);
    }
    for (int i = 0; i < 8; i++) {
      node("j2", 4, 8, i, WorkerState.PENDING);
    }
    Condition progressing = condition(compute(desired(8, true)), Conditions.PROGRESSING);
    assertThat(progressing.getStatus()).isEqualTo("True");
    assertThat(progressing.getReason()).isEqualTo("ReplacingGang");
    assertThat(progressing.getMessage())
        .isEqualTo("replacing the 4-node job j1 with an 8-node job");
  }

  @Test
  void beforeTheNewJobIsSubmittedTheRunningOneIsNamedToo() {
    for (int i = 0; i < 4; i++) {
      node("j1", 0, 4, i, WorkerState.READY);
    }
    Condition progressing = condition(compute(desired(8, true)), Conditions.PROGRESSING);
    assertThat(progressing.getMessage())
        .isEqualTo("replacing the 4-node job j1 with an 8-node job");
  }

  @Test
  void withContinueAJobShortOfANodeIsDegradedAndNotReady() {
    node("j1", 0, 4, 0, WorkerState.READY);
    node("j1", 0, 4, 1, WorkerState.READY);
    node("j1", 0, 4, 2, WorkerState.ENDED);
    node("j1", 0, 4, 3, WorkerState.READY);
    AwsClusterStatus status = compute(desired(4, false));
    Condition degraded = condition(status, Conditions.DEGRADED);
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("NodeLost");
    assertThat(degraded.getMessage())
        .startsWith("the 4-node job j1 runs with 3 of its nodes (lost: 2)");
    assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(status, Conditions.PROGRESSING).getReason()).isEqualTo("RunningShort");
    assertThat(status.getPhase()).isEqualTo("Degraded");
    assertThat(status.getWorkers()).extracting(WorkerStatus::getNode).containsExactly(0, 1, 3);
  }

  @Test
  void aWholeJobIsStable() {
    for (int i = 0; i < 4; i++) {
      node("j1", 0, 4, i, WorkerState.READY);
    }
    AwsClusterStatus status = compute(desired(4, false));
    assertThat(condition(status, Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(condition(status, Conditions.PROGRESSING).getReason()).isEqualTo("Stable");
    assertThat(status.getPhase()).isEqualTo("Running");
  }
}
