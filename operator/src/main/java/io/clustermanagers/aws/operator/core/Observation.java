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
 */
record Observation(
    List<BackendWorker> workers,
    List<RegisteredWorker> registrations,
    Instant openedAt,
    LaunchExpectations expected,
    long nextSequence) {}
