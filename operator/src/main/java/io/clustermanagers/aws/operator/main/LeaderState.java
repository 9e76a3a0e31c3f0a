package io.clustermanagers.aws.operator.main;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.concurrent.atomic.AtomicBoolean;

/** Whether this replica holds the leader-election Lease (and so the coordinator's registry). */
final class LeaderState {
  static final String LEASE_NAME = "aws-cluster-operator";
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Runnable onLost;

  /**
   * @param onLost what to do when the lease is lost while running (production: exit so the pod
   *     restarts as a follower; the registry is soft state and workers register again)
   */
  LeaderState(Runnable onLost) {
    this.onLost = onLost;
  }

  /** From now on losing the lease is expected (shutdown), not a reason to exit. */
  void closing() {
    closing.set(true);
  }

  boolean isLeading() {
    return leading.get();
  }

  /** A Lease in {@code namespace}. */
  LeaderElectionConfiguration configuration(String namespace) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
        .withLeaseNamespace(namespace)
        .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), this::lost, leader -> {}))
        .withExitOnStopLeading(false)
        .build();
  }

  private void lost() {
    leading.set(false);
    if (!closing.get()) {
      onLost.run();
    }
  }
}
