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

/**
 * Scale-down after an operator restart or a leader change: workers that ran before it are not taken
 * for never-registered ones while they may still register again, and workersToDelete wins.
 */
class ScaleDownOrderTest {
  private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

  /** The new process opened the cluster an hour after the workers started. */
  private static final Instant OPENED = STARTED.plus(Duration.ofHours(1));

  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
  private final WorkerPlanner planner = new WorkerPlanner(PlannerPolicy.DEFAULT);
  private final List<BackendWorker> workers = new ArrayList<>();
  private final List<RegisteredWorker> registered = new ArrayList<>();

  private static DesiredCluster desired(int replicas, List<String> workersToDelete) {
    return new DesiredCluster(
        BackendType.LOCAL,
        replicas,
        replicas,
        Duration.ofHours(2),
        HEARTBEAT_TIMEOUT,
        false,
        workersToDelete);
  }

  private void running(long seq, Instant startedAt) {
    workers.add(
        new BackendWorker(
            "w-" + seq,
            seq,
            WorkerPhase.RUNNING,
            startedAt,
            Optional.of(startedAt),
            Optional.empty(),
            false,
            ""));
  }

  private void reRegistered(long seq, Instant at) {
    running(seq, STARTED);
    registered.add(new RegisteredWorker("w-" + seq, "10.0.0." + seq, 0, at, at));
  }

  private List<String> stops(DesiredCluster desired, Instant now) {
    return planner
        .plan(
            desired, workers, registered, FailureTally.NONE, now, OPENED, PlanLimits.none(STARTED))
        .stops()
        .stream()
        .map(StopOrder::workerId)
        .toList();
  }

  @Test
  void withinTheReRegistrationGraceOldWorkersRankAsRegisteredSoTheNewestGoes() {
    Instant now = OPENED.plusSeconds(5);
    reRegistered(0, now); // re-registered already
    running(1, STARTED); // ran before the restart, not re-registered yet
    running(2, STARTED);
    reRegistered(3, now);

    assertThat(stops(desired(3, List.of()), now))
        .as("not w-1 or w-2 for being unregistered a moment after the restart")
        .containsExactly("w-3");
  }

  @Test
  void aWorkerStartedAfterTheRestartThatNeverRegisteredStillGoesFirst() {
    Instant now = OPENED.plusSeconds(5);
    reRegistered(0, now);
    running(1, STARTED);
    running(2, OPENED.plusSeconds(1)); // launched by this process, not registered

    assertThat(stops(desired(2, List.of()), now)).containsExactly("w-2");
  }

  @Test
  void afterTheGraceAWorkerThatDidNotRegisterAgainIsNeverRegistered() {
    Instant now = OPENED.plus(HEARTBEAT_TIMEOUT).plusSeconds(1);
    reRegistered(0, now);
    running(1, STARTED);
    reRegistered(2, now);

    assertThat(stops(desired(2, List.of()), now)).containsExactly("w-1");
  }

  @Test
  void workersToDeleteWinOverNeverRegisteredAndPending() {
    Instant now = OPENED.plus(HEARTBEAT_TIMEOUT).plusSeconds(1);
    reRegistered(0, now);
    running(1, now); // never registered
    workers.add(
        new BackendWorker(
            "w-2", 2, WorkerPhase.PENDING, now, Optional.empty(), Optional.empty(), false, ""));

    assertThat(stops(desired(2, List.of("w-0")), now)).containsExactly("w-0");
  }
}
