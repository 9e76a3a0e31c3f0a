package io.clustermanagers.aws.operator.core;

import java.time.Duration;

/**
 * Operator-wide knobs of planning.
 *
 * @param backoffBase wait before replacing after the first consecutive failure; doubles per failure
 * @param backoffMax the longest wait between replacements
 * @param degradedAfter consecutive failures that make the cluster Degraded
 * @param resetAfter how long every worker must have been ready, with no new failure, before the
 *     failure count starts over (as Kubernetes does for CrashLoopBackOff): a worker that registers
 *     and then crashes does not reset its own backoff
 */
public record PlannerPolicy(
    Duration backoffBase, Duration backoffMax, int degradedAfter, Duration resetAfter) {

  public static final PlannerPolicy DEFAULT =
      new PlannerPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 3, Duration.ofMinutes(10));

  /** How long to wait before launching again after {@code failures} consecutive failures. */
  public Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - 1, 30);
    Duration wait = backoffBase.multipliedBy(1L << doublings);
    return wait.compareTo(backoffMax) > 0 || wait.isNegative() ? backoffMax : wait;
  }
}
