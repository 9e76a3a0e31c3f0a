package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequeueDelayTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RequeueDelay requeue = new RequeueDelay(ReconcileTiming.DEFAULT);

  private static Plan plan(Optional<Instant> nextDeadline) {
    return new Plan(
        List.of(),
        0,
        List.of(),
        FailureTally.NONE,
        Optional.empty(),
        nextDeadline,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  private static WorkerView worker(WorkerState state) {
    return new WorkerView(
        new BackendWorker(
            "w-0", 0, WorkerPhase.RUNNING, T0, Optional.of(T0), Optional.empty(), false, ""),
        Optional.empty(),
        state);
  }

  @Test
  void aSteadyClusterWaitsForTheResync() {
    assertThat(requeue.after(plan(Optional.empty()), List.of(worker(WorkerState.READY)), T0))
        .isEqualTo(ReconcileTiming.DEFAULT.resync());
  }

  @Test
  void movingWorkersArePolled() {
    assertThat(requeue.after(plan(Optional.empty()), List.of(worker(WorkerState.STARTING)), T0))
        .isEqualTo(ReconcileTiming.DEFAULT.progressPoll());
  }

  @Test
  void anEarlierDeadlineWinsAndNothingIsSoonerThanTheShortestDelay() {
    Duration inTwoSeconds =
        requeue.after(plan(Optional.of(T0.plusSeconds(2))), List.of(worker(WorkerState.READY)), T0);
    Duration passed =
        requeue.after(
            plan(Optional.of(T0.minusSeconds(5))), List.of(worker(WorkerState.READY)), T0);

    assertThat(inTwoSeconds).isEqualTo(Duration.ofSeconds(2).plus(RequeueDelay.SHORTEST));
    assertThat(passed).isEqualTo(RequeueDelay.SHORTEST);
  }
}
