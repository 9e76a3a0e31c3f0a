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

/** The planner under limits: ceilings on launches and the cluster's lifetime. */
class WorkerPlannerLimitsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final WorkerPlanner planner = new WorkerPlanner(PlannerPolicy.DEFAULT);
  private final List<BackendWorker> workers = new ArrayList<>();
  private final List<RegisteredWorker> registered = new ArrayList<>();

  private static DesiredCluster desired(int replicas, Optional<Duration> maxLifetime) {
    return new DesiredCluster(
        BackendType.LOCAL,
        replicas,
        replicas,
        Duration.ofMinutes(25),
        Duration.ofSeconds(30),
        false,
        List.of(),
        Duration.ofMinutes(15),
        maxLifetime,
        Optional.empty());
  }

  private void ready(int count, Instant lastHeartbeat) {
    for (int seq = workers.size(); count > 0; seq++, count--) {
      workers.add(
          new BackendWorker(
              "w-" + seq,
              seq,
              WorkerPhase.RUNNING,
              T0,
              Optional.of(T0),
              Optional.empty(),
              false,
              ""));
      registered.add(new RegisteredWorker("w-" + seq, "10.0.0.1", 0, T0, lastHeartbeat));
    }
  }

  private Plan plan(int replicas, Instant now, List<WorkerCap> caps) {
    return plan(desired(replicas, Optional.empty()), now, new PlanLimits(life(null), caps));
  }

  private Plan plan(DesiredCluster desired, Instant now, PlanLimits limits) {
    return planner.plan(desired, workers, registered, FailureTally.NONE, now, T0, limits);
  }

  private static ClusterLifetime life(Duration max) {
    return new ClusterLifetime(T0, Optional.ofNullable(max));
  }

  @Test
  void launchesUpToTheLimitAndSaysWhichLimitAndFlag() {
    Plan plan = plan(200, T0, List.of(WorkerCap.workers(32, "at most 32 (--max-workers)")));

    assertThat(plan.launch()).isEqualTo(32);
    assertThat(plan.limit()).contains(new WorkerLimit(32, "at most 32 (--max-workers)"));
  }

  @Test
  void noLimitIsReportedWhileTheSpecFitsUnderIt() {
    Plan plan = plan(20, T0, List.of(WorkerCap.workers(32, "at most 32")));

    assertThat(plan.launch()).isEqualTo(20);
    assertThat(plan.limit()).isEmpty();
  }

  @Test
  void aLimitBelowWhatRunsStopsNobody() {
    ready(40, T0);

    Plan plan = plan(50, T0, List.of(WorkerCap.workers(32, "at most 32")));

    assertThat(plan.launch()).isZero();
    assertThat(plan.stops()).isEmpty();
    assertThat(plan.limit()).contains(new WorkerLimit(40, "at most 32"));
  }

  @Test
  void pacingHoldsLaunchesBackWithoutReportingALimit() {
    Plan plan = plan(20, T0, List.of(WorkerCap.pace(8)));

    assertThat(plan.launch()).isEqualTo(8);
    assertThat(plan.limit()).isEmpty();
  }

  @Test
  void theTightestLimitIsReportedAndPacingStillApplies() {
    ready(2, T0);

    Plan plan =
        plan(
            200,
            T0,
            List.of(
                WorkerCap.workers(1000, "per cluster"),
                WorkerCap.workers(50, "all clusters"),
                WorkerCap.launches(10, "local processes"),
                WorkerCap.pace(8)));

    assertThat(plan.launch()).isEqualTo(8);
    assertThat(plan.limit()).contains(new WorkerLimit(12, "local processes"));
  }

  @Test
  void beforeTheLifetimeEndsNothingChangesButThePlanWakesUpForIt() {
    Instant now = T0.plus(Duration.ofMinutes(59)).plusSeconds(45);
    ready(3, now); // heartbeat deadlines 30 s later, after the lifetime's end

    Plan plan =
        plan(
            desired(3, Optional.of(Duration.ofHours(1))),
            now,
            new PlanLimits(life(Duration.ofHours(1)), List.of()));

    assertThat(plan.stops()).isEmpty();
    assertThat(plan.lifetimeOver()).isEmpty();
    assertThat(plan.nextDeadline()).contains(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void onceTheLifetimeIsOverEveryWorkerIsStoppedSayingWhy() {
    Instant now = T0.plus(Duration.ofHours(1));
    ready(3, now);

    Plan plan =
        plan(
            desired(3, Optional.of(Duration.ofHours(1))),
            now,
            new PlanLimits(life(Duration.ofHours(1)), List.of()));

    assertThat(plan.launch()).isZero();
    assertThat(plan.stops())
        .hasSize(3)
        .allSatisfy(
            s -> {
              assertThat(s.reason()).isEqualTo("MaxLifetimeExceeded");
              assertThat(s.message()).contains("spec.maxLifetime");
            });
    assertThat(plan.lifetimeOver().orElseThrow())
        .contains("spec.maxLifetime (1h since 2026-11-21T10:00:00Z)", "2026-11-21T11:00:00Z");
  }

  @Test
  void aLongerLifetimeLaunchesTheWorkersAgain() {
    Instant now = T0.plus(Duration.ofHours(1));

    Plan plan =
        plan(
            desired(3, Optional.of(Duration.ofHours(2))),
            now,
            new PlanLimits(life(Duration.ofHours(2)), List.of()));

    assertThat(plan.launch()).isEqualTo(3);
    assertThat(plan.lifetimeOver()).isEmpty();
  }
}
