package io.clustermanagers.aws.operator.main;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.concurrent.atomic.AtomicBoolean;

/** Whether this replica holds the leader-election Lease (and so the coordinator's registry). */
final class LeaderState {
  static final String LEASE_NAME = "aws-cluster-operator";
  private final AtomicBoolean leading = new AtomicBoolean();

  boolean isLeading() {
    return leading.get();
  }

  /** A Lease in {@code namespace}; losing it ends the process (JOSDK's default) for a restart. */
  LeaderElectionConfiguration configuration(String namespace) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
        .withLeaseNamespace(namespace)
        .withLeaderCallbacks(
            new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), leader -> {}))
        .build();
  }
}
