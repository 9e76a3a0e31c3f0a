package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import java.util.Optional;

/**
 * How a cluster's workers reach the coordinator: its token, its registry entry, the coordinator's
 * URL and the Service in front of it; and the {@link WorkerGroup} the backend is told.
 */
public final class ClusterAccess {
  private final WorkerRegistry registry;
  private final TokenSource tokens;
  private final WorkersService workersService;
  private final String coordinatorUrl;
  private final Optional<String> coordinatorCa;

  /** A plain HTTP coordinator. */
  public ClusterAccess(
      WorkerRegistry registry,
      TokenSource tokens,
      WorkersService workersService,
      String coordinatorUrl) {
    this(registry, tokens, workersService, coordinatorUrl, Optional.empty());
  }

  /**
   * @param coordinatorCa the PEM certificates workers trust for an {@code https://} coordinator
   */
  public ClusterAccess(
      WorkerRegistry registry,
      TokenSource tokens,
      WorkersService workersService,
      String coordinatorUrl,
      Optional<String> coordinatorCa) {
    this.registry = registry;
    this.tokens = tokens;
    this.workersService = workersService;
    this.coordinatorUrl = coordinatorUrl;
    this.coordinatorCa = coordinatorCa;
  }

  /** Opens the cluster's registry entry with its token: its workers may register from now on. */
  WorkerGroup open(AwsCluster cluster, DesiredCluster desired) throws BackendException {
    String token;
    try {
      token = tokens.tokenFor(cluster);
    } catch (TokenSource.Unavailable e) {
      throw BackendException.transientFailure("TokenSecretConflict", e.getMessage(), e);
    }
    registry.openCluster(
        ClusterReconciler.keyOf(cluster), token, desired.heartbeatTimeout().dividedBy(3));
    return group(
        cluster,
        new CoordinatorAccess(
            coordinatorUrl, token, desired.coordinatorLossTimeout(), coordinatorCa));
  }

  /** The group to observe, stop or release workers by, without a token (nothing is launched). */
  WorkerGroup withoutToken(AwsCluster cluster) {
    return group(cluster, new CoordinatorAccess(coordinatorUrl, ""));
  }

  /** Closes the registry entry and forgets the token. */
  void close(AwsCluster cluster) {
    registry.closeCluster(ClusterReconciler.keyOf(cluster));
    tokens.forget(cluster);
  }

  /** Where the status says the workers find the coordinator. */
  CoordinatorStatus coordinatorStatus(AwsCluster cluster) {
    return new CoordinatorStatus(
        coordinatorUrl, tokens.secretName(cluster), workersService.nameFor(cluster).orElse(null));
  }

  private static WorkerGroup group(AwsCluster cluster, CoordinatorAccess access) {
    return new WorkerGroup(
        ClusterReconciler.keyOf(cluster),
        cluster.getMetadata().getUid(),
        cluster.getSpec(),
        access);
  }
}
