package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.GangNode;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner for a gang (a Batch multi-node job): launched whole, replaced whole. */
class GangPlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final GangPolicy REPLACE = new GangPolicy(true);
  private static final GangPolicy CONTINUE = new GangPolicy(false);
  private final WorkerPlanner planner = new WorkerPlanner(PlannerPolicy.DEFAULT);
  private final List<BackendWorker> workers = new ArrayList<>();
  private final List<RegisteredWorker> registered = new ArrayList<>();

  private static DesiredCluster desired(int nodes, GangPolicy policy, boolean suspend) {
    return new DesiredCluster(
        BackendType.BATCH,
        nodes,
        nodes,
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        suspend,
        List.of(),
        Duration.ofMinutes(15),
        Optional.empty(),
        Optional.of(policy));
  }

  /** A gang of {@code size} nodes launched for sequences {@code first..}, all running at T0. */
  private void gang(String job, long first, int size) {
    for (int i = 0; i < size; i++) {
      node(job, first, size, i, WorkerPhase.RUNNING, Optional.empty(), false);
    }
  }

  private void node(
      String job,
      long first,
      int size,
      int index,
      WorkerPhase phase,
      Optional<Instant> endedAt,
      boolean stopRequested) {
    workers.add(
        new BackendWorker(
            job + "#" + index,
            first + index,
            phase,
            T0,
            Optional.of(T0),
            endedAt,
            stopRequested,
            phase.isTerminal() ? "FAILED: Essential container in task exited" : "",
            false,
            Optional.of(new GangNode(job, size, index, index == 0))));
  }

  private void registerAll(String job, int size, Instant heartbeat) {
    for (int i = 0; i < size; i++) {
      registered.add(new RegisteredWorker(job + "#" + i, "10.0.0." + i, 0, T0, heartbeat));
    }
  }

  private Plan plan(DesiredCluster desired, FailureTally tally, Instant now) {
    return planner.plan(
        desired, workers, registered, tally, now, T0.minusSeconds(3600), PlanLimits.none(T0));
  }

  @Test
  void launchesTheWholeGangAtOnce() {
    Plan plan = plan(desired(4, REPLACE, false), FailureTally.NONE, T0);
    assertThat(plan.launch()).isEqualTo(4);
    assertThat(plan.stops()).isEmpty();
  }

  @Test
  void aWholeRegisteredGangIsLeftAlone() {
    gang("j1", 0, 4);
    registerAll("j1", 4, T0.plusSeconds(50));
    Plan plan = plan(desired(4, REPLACE, false), FailureTally.NONE, T0.plusSeconds(60));
    assertThat(plan.launch()).isZero();
    assertThat(plan.stops()).isEmpty();
    assertThat(plan.nextDeadline()).contains(T0.plusSeconds(80));
  }

  @Test
  void aNodeThatEndedStopsTheWholeGangAndTheReplacementWaitsForTheBackoff() {
    for (int i = 0; i < 4; i++) {
      boolean lost = i == 2;
      node(
          "j1",
          0,
          4,
          i,
          lost ? WorkerPhase.FAILED : WorkerPhase.RUNNING,
          lost ? Optional.of(T0.plusSeconds(30)) : Optional.empty(),
          false);
    }
    registerAll("j1", 4, T0.plusSeconds(30));
    Instant now = T0.plusSeconds(31);
    Plan plan = plan(desired(4, REPLACE, false), FailureTally.NONE, now);
    assertThat(plan.stops())
        .extracting(StopOrder::workerId)
        .containsExactlyInAnyOrder("j1#0", "j1#1", "j1#3");
    assertThat(plan.stops()).extracting(StopOrder::reason).containsOnly("NodeLost");
    assertThat(plan.stops().get(0).message())
        .contains("terminating the 4-node job j1 to replace it", "node 2");
    assertThat(plan.failures().consecutive()).as("one failure for the gang").isEqualTo(1);
    assertThat(plan.launch()).as("the core's backoff first").isZero();
    assertThat(plan.launchBlockedUntil()).contains(T0.plusSeconds(35));
  }

  @Test
  void afterTheBackoffANewGangIsLaunchedWhileTheOldOneEnds() {
    for (int i = 0; i < 4; i++) {
      node("j1", 0, 4, i, WorkerPhase.RUNNING, Optional.empty(), i != 2);
    }
    FailureTally tally = new FailureTally(1, Optional.of(T0), "node 2 ended", Optional.of(T0));
    Plan plan = plan(desired(4, REPLACE, false), tally, T0.plusSeconds(10));
    assertThat(plan.launch()).isEqualTo(4);
  }

  @Test
  void aSilentNodeStopsTheGangWithReplaceGang() {
    gang("j1", 0, 3);
    registerAll("j1", 3, T0.plusSeconds(100));
    registered.set(1, new RegisteredWorker("j1#1", "10.0.0.1", 0, T0, T0));
    Plan plan = plan(desired(3, REPLACE, false), FailureTally.NONE, T0.plusSeconds(110));
    assertThat(plan.stops()).hasSize(3).extracting(StopOrder::reason).containsOnly("NodeLost");
    assertThat(plan.notes())
        .anySatisfy(n -> assertThat(n.message()).contains("node 1 (j1#1) sent no heartbeat"));
    assertThat(plan.failures().consecutive()).isEqualTo(1);
  }

  @Test
  void withContinueALostNodeIsWrittenOffAndTheSurvivorsKeepRunning() {
    gang("j1", 0, 4);
    registerAll("j1", 4, T0.plusSeconds(100));
    registered.set(3, new RegisteredWorker("j1#3", "10.0.0.3", 0, T0, T0));
    Plan plan = plan(desired(4, CONTINUE, false), FailureTally.NONE, T0.plusSeconds(110));
    assertThat(plan.stops()).extracting(StopOrder::workerId).containsExactly("j1#3");
    assertThat(plan.stops().get(0).message()).contains("onNodeLoss Continue");
    assertThat(plan.launch()).as("a running job is never topped up").isZero();
    assertThat(plan.failures().consecutive()).isEqualTo(1);
  }

  @Test
  void withContinueAnEndedNodeIsCountedOnceAndNothingIsStoppedOrLaunched() {
    for (int i = 0; i < 4; i++) {
      boolean lost = i == 1;
      node(
          "j1",
          0,
          4,
          i,
          lost ? WorkerPhase.FAILED : WorkerPhase.RUNNING,
          lost ? Optional.of(T0.plusSeconds(30)) : Optional.empty(),
          false);
    }
    Plan first = plan(desired(4, CONTINUE, false), FailureTally.NONE, T0.plusSeconds(31));
    assertThat(first.stops()).isEmpty();
    assertThat(first.launch()).isZero();
    assertThat(first.failures().consecutive()).isEqualTo(1);
    Plan again = plan(desired(4, CONTINUE, false), first.failures(), T0.plusSeconds(40));
    assertThat(again.failures()).isEqualTo(first.failures());
    assertThat(again.notes()).isEmpty();
  }

  @Test
  void aWholeGangThatEndedIsOneFailure() {
    for (int i = 0; i < 4; i++) {
      node("j1", 0, 4, i, WorkerPhase.FAILED, Optional.of(T0.plusSeconds(30)), false);
    }
    Plan plan = plan(desired(4, CONTINUE, false), FailureTally.NONE, T0.plusSeconds(31));
    assertThat(plan.failures().consecutive()).isEqualTo(1);
    assertThat(plan.notes())
        .singleElement()
        .satisfies(n -> assertThat(n.message()).contains("4 nodes of the 4-node job j1 ended"));
  }

  @Test
  void aNewNodeCountReplacesTheJobInOnePass() {
    gang("j1", 0, 4);
    registerAll("j1", 4, T0.plusSeconds(50));
    Plan plan = plan(desired(8, REPLACE, false), FailureTally.NONE, T0.plusSeconds(60));
    assertThat(plan.launch()).isEqualTo(8);
    assertThat(plan.stops()).hasSize(4).extracting(StopOrder::reason).containsOnly("GangResized");
    assertThat(plan.notes())
        .anySatisfy(
            n ->
                assertThat(n.message())
                    .isEqualTo(
                        "replacing the 4-node job j1 with an 8-node job: a multi-node job cannot"
                            + " be resized"));
  }

  @Test
  void ofTwoGangsOfTheWantedSizeTheNewestIsKept() {
    gang("j1", 0, 4);
    gang("j2", 4, 4);
    Plan plan = plan(desired(4, REPLACE, false), FailureTally.NONE, T0.plusSeconds(1));
    assertThat(plan.launch()).isZero();
    assertThat(plan.stops())
        .extracting(StopOrder::workerId)
        .containsExactlyInAnyOrder("j1#0", "j1#1", "j1#2", "j1#3");
  }

  @Test
  void suspendStopsEveryNodeAndLaunchesNothing() {
    gang("j1", 0, 4);
    Plan plan = plan(desired(4, REPLACE, true), FailureTally.NONE, T0.plusSeconds(1));
    assertThat(plan.launch()).isZero();
    assertThat(plan.stops()).hasSize(4).extracting(StopOrder::reason).containsOnly("Suspended");
  }

  @Test
  void theRegistrationDeadlineCountsFromTheJobRunningEvenForANodeBatchStillStarts() {
    node("j1", 0, 2, 0, WorkerPhase.RUNNING, Optional.empty(), false);
    node("j1", 0, 2, 1, WorkerPhase.PENDING, Optional.empty(), false);
    registered.add(new RegisteredWorker("j1#0", "10.0.0.0", 0, T0, T0.plusSeconds(299)));
    Plan early = plan(desired(2, REPLACE, false), FailureTally.NONE, T0.plusSeconds(299));
    assertThat(early.stops()).isEmpty();
    assertThat(early.nextDeadline()).contains(T0.plusSeconds(300));
    Plan late = plan(desired(2, REPLACE, false), FailureTally.NONE, T0.plusSeconds(300));
    assertThat(late.stops()).hasSize(2);
    assertThat(late.notes())
        .anySatisfy(
            n ->
                assertThat(n.message())
                    .contains("node 1 (j1#1) did not register within 300s of the 2-node job j1"));
  }
}
