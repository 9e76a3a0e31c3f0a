package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The observe step: rebuilds a cluster's picture from the backend (or its last showing when only
 * registrations happened since, {@link ObservationReuse}), the registry and the recorded status
 * (the launches in flight, the next launch sequence).
 */
public final class ClusterObserver {
  private final ObservationReuse observations;
  private final WorkerRegistry registry;

  public ClusterObserver(ObservationReuse observations, WorkerRegistry registry) {
    this.observations = observations;
    this.registry = registry;
  }

  Observation observe(ReconcilePass pass) throws BackendException {
    Optional<List<BackendWorker>> reused = reusable(pass);
    List<BackendWorker> observed = reused.isPresent() ? reused.get() : backendWorkers(pass);
    Instant openedAt = registry.openedAt(pass.group().key()).orElse(pass.now());
    LaunchExpectations expected =
        LaunchExpectations.of(pass.previous().getLaunchesInFlight(), observed, pass.now());
    return new Observation(
        observed,
        registry.workers(pass.group().key()),
        openedAt,
        expected,
        nextSequence(pass.previous(), observed),
        reused.isPresent());
  }

  /**
   * How long the status of a pass waits ({@link ObservationReuse#holdStatus}) when the cluster's
   * status was recorded less than a second ago: any pass whose failure tally did not move (a
   * registration storm; what a launch made is in the intent recorded before it; what a stop did
   * shows again on the next observe). So a scale-up writes its intent, and the rest of that
   * second's changes once. A moved failure tally is recorded at once, and so is the pass whose
   * {@code ready} workers reach minReady or the target since the status recorded last: the moment a
   * driver waits for (Ready; the scale-up done) is never held back. Empty: record it now.
   */
  Optional<Duration> statusHold(ReconcilePass pass, Plan plan, int ready) {
    boolean sameFailures = plan.failures().equals(FailureTally.from(pass.previous().getFailures()));
    return sameFailures && !reachesReadyMark(pass, ready)
        ? observations.holdStatus(pass.group().key(), pass.now())
        : Optional.empty();
  }

  /**
   * Whether the ready workers cross minReady or the target upwards in this pass, against the status
   * this operator recorded last (none recorded: nothing is held anyway).
   */
  private boolean reachesReadyMark(ReconcilePass pass, int ready) {
    OptionalInt recorded = observations.readyRecorded(pass.group().key());
    if (recorded.isEmpty()) {
      return false;
    }
    int before = recorded.getAsInt();
    int minReady = pass.desired().minReady();
    int target = pass.desired().targetReplicas();
    return (before < minReady && ready >= minReady) || (before < target && ready >= target);
  }

  /**
   * Nothing but the clock asks for the next pass: it may reuse an observation up to {@code age}.
   */
  void quietWakeup(ReconcilePass pass, Duration age) {
    observations.quietWakeup(pass.group().key(), age);
  }

  /** The pass recorded the cluster's status, saying {@code ready} workers ready. */
  void statusRecorded(ReconcilePass pass, int ready) {
    observations.statusRecorded(pass.group().key(), pass.now(), ready);
  }

  /** The last observation, when only registrations happened since. */
  private Optional<List<BackendWorker>> reusable(ReconcilePass pass) {
    return observations.reusable(pass.group().key(), generation(pass), pass.now());
  }

  /** What the backend shows now, remembered for the registration-only passes that follow. */
  private List<BackendWorker> backendWorkers(ReconcilePass pass) throws BackendException {
    WorkerGroup group = pass.group();
    List<BackendWorker> observed = pass.backend().observe(group);
    observations.observed(group.key(), generation(pass), pass.now(), observed);
    return observed;
  }

  private static long generation(ReconcilePass pass) {
    Long generation = pass.cluster().getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** Past both the recorded intent and every sequence the backend shows. */
  private static long nextSequence(AwsClusterStatus previous, List<BackendWorker> observed) {
    long recorded = previous.getNextLaunchSequence() == null ? 0 : previous.getNextLaunchSequence();
    long seen = observed.stream().mapToLong(w -> w.launchSequence() + 1).max().orElse(0);
    return Math.max(recorded, seen);
  }
}
