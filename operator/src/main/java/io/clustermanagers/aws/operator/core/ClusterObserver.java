package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    List<BackendWorker> observed = backendWorkers(pass);
    Instant openedAt = registry.openedAt(pass.group().key()).orElse(pass.now());
    LaunchExpectations expected =
        LaunchExpectations.of(pass.previous().getLaunchesInFlight(), observed, pass.now());
    return new Observation(
        observed,
        registry.workers(pass.group().key()),
        openedAt,
        expected,
        nextSequence(pass.previous(), observed));
  }

  /** What the backend shows, or its last showing when only registrations happened since. */
  private List<BackendWorker> backendWorkers(ReconcilePass pass) throws BackendException {
    WorkerGroup group = pass.group();
    Long generation = pass.cluster().getMetadata().getGeneration();
    long gen = generation == null ? 0 : generation;
    Optional<List<BackendWorker>> reused = observations.reusable(group.key(), gen, pass.now());
    if (reused.isPresent()) {
      return reused.get();
    }
    List<BackendWorker> observed = pass.backend().observe(group);
    observations.observed(group.key(), gen, pass.now(), observed);
    return observed;
  }

  /** Past both the recorded intent and every sequence the backend shows. */
  private static long nextSequence(AwsClusterStatus previous, List<BackendWorker> observed) {
    long recorded = previous.getNextLaunchSequence() == null ? 0 : previous.getNextLaunchSequence();
    long seen = observed.stream().mapToLong(w -> w.launchSequence() + 1).max().orElse(0);
    return Math.max(recorded, seen);
  }
}
