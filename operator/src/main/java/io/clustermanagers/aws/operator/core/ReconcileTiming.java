package io.clustermanagers.aws.operator.core;

import java.time.Duration;

/**
 * When to look again without an event.
 *
 * @param progressPoll while workers are launching or stopping (backends without push events)
 * @param resync at steady state
 * @param afterPermanentError after an error that needs a change by a person
 */
public record ReconcileTiming(
    Duration progressPoll, Duration resync, Duration afterPermanentError) {
  public static final ReconcileTiming DEFAULT =
      new ReconcileTiming(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5));
}
