package io.clustermanagers.aws.agent;

import java.time.Duration;
import java.time.Instant;

/**
 * Why the agent ends on its own, before its workload does: it stops the workload (SIGTERM, grace,
 * SIGKILL) and exits with {@code exitCode}, so that its Batch job or ECS task ends.
 *
 * @param deregister whether deregistering is worth a try (not when the cluster is gone)
 */
record GiveUp(int exitCode, String message, boolean deregister) {

  /** The coordinator has not been reached for {@code timeout}. */
  static final int EXIT_COORDINATOR_LOST = 4;

  /** The coordinator says the cluster no longer exists (410 Gone). */
  static final int EXIT_CLUSTER_GONE = 5;

  static GiveUp coordinatorLost(Duration timeout, Instant lastReached) {
    return new GiveUp(
        EXIT_COORDINATOR_LOST,
        "the coordinator has not been reached since "
            + lastReached
            + " (for "
            + timeout.toSeconds()
            + " s, ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS): stopping so that this worker does not"
            + " run (and cost) without it",
        true);
  }

  static GiveUp clusterGone(String detail) {
    return new GiveUp(
        EXIT_CLUSTER_GONE,
        "the coordinator says the cluster is gone (" + detail + "): stopping",
        false);
  }
}
