package io.clustermanagers.aws.operator.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What to do in this reconcile and why.
 *
 * @param workers every known worker with its state, before the plan is carried out
 * @param launch how many workers to launch now
 * @param stops which workers to stop now
 * @param failures the failure tally after this observation
 * @param launchBlockedUntil set while replacements wait out a backoff
 * @param nextDeadline the earliest moment something may change without an event (a registration or
 *     heartbeat deadline, the end of a backoff)
 * @param notes what to tell a person
 * @param limit the limit that keeps the cluster below its spec ({@code WorkerLimitExceeded})
 * @param lifetimeOver set once the cluster's {@code spec.maxLifetime} is over: what to tell
 */
public record Plan(
    List<WorkerView> workers,
    int launch,
    List<StopOrder> stops,
    FailureTally failures,
    Optional<Instant> launchBlockedUntil,
    Optional<Instant> nextDeadline,
    List<PlanNote> notes,
    Optional<WorkerLimit> limit,
    Optional<String> lifetimeOver) {}
