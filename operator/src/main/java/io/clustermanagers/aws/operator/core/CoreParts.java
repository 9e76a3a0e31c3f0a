package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import java.time.Clock;

/** The collaborators of {@link ClusterReconciler}, built once by the composition root. */
public record CoreParts(
    SpecValidator validator,
    WorkerBackends backends,
    WorkerRegistry registry,
    WorkerPlanner planner,
    StatusCalculator calculator,
    StatusRecorder recorder,
    EventSink events,
    ClusterMetrics metrics,
    TokenSource tokens,
    WorkersService workersService,
    WorkerQuota quota,
    String coordinatorUrl,
    ReconcileTiming timing,
    Clock clock) {}
