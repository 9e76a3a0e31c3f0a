package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import java.time.Instant;
import java.util.List;

/**
 * The picture one reconcile starts from: what the backend shows, who registered, which launches are
 * expected but not shown yet, and the next launch sequence to use.
 *
 * @param openedAt when this process opened the cluster in the registry
 * @param reused the backend's part is the last observation's, only registrations happened since
 *     ({@link ObservationReuse})
 */
record Observation(
    List<BackendWorker> workers,
    List<RegisteredWorker> registrations,
    Instant openedAt,
    LaunchExpectations expected,
    long nextSequence,
    boolean reused) {

  /** A fresh observation of the backend. */
  Observation(
      List<BackendWorker> workers,
      List<RegisteredWorker> registrations,
      Instant openedAt,
      LaunchExpectations expected,
      long nextSequence) {
    this(workers, registrations, openedAt, expected, nextSequence, false);
  }
}
