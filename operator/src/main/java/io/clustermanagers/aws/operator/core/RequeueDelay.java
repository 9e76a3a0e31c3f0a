package io.clustermanagers.aws.operator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When to reconcile a cluster again after a pass: soon while workers move (launching, starting,
 * stopping), at the plan's next deadline, else at the resync period; never sooner than 100 ms.
 */
public final class RequeueDelay {
  static final Duration SHORTEST = Duration.ofMillis(100);
  private final ReconcileTiming timing;

  public RequeueDelay(ReconcileTiming timing) {
    this.timing = timing;
  }

  Duration after(Plan plan, List<WorkerView> after, Instant now) {
    Duration poll = moving(after) ? timing.progressPoll() : timing.resync();
    Duration delay =
        Stream.concat(
                Stream.of(poll),
                plan.nextDeadline().map(d -> Duration.between(now, d).plus(SHORTEST)).stream())
            .min(Duration::compareTo)
            .orElse(poll);
    return delay.compareTo(SHORTEST) < 0 ? SHORTEST : delay;
  }

  /**
   * How old an observation the next pass may plan from, when nothing but the clock asks for it
   * sooner than the resync: a steady cluster (no worker pending, starting or stopping, no launch
   * backoff) wakes only at its ready workers' heartbeat deadlines, which the registry decides.
   */
  Optional<Duration> quietReuse(Plan plan, List<WorkerView> after, Duration delay) {
    boolean beforeResync = delay.compareTo(timing.resync()) < 0;
    return beforeResync && !moving(after) && plan.launchBlockedUntil().isEmpty()
        ? Optional.of(timing.resync())
        : Optional.empty();
  }

  private static boolean moving(List<WorkerView> after) {
    return after.stream()
        .anyMatch(
            v ->
                v.state() == WorkerState.PENDING
                    || v.state() == WorkerState.STARTING
                    || v.state() == WorkerState.STOPPING);
  }
}
