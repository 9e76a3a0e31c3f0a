package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A cluster whose backend this operator does not serve (it was started with fewer {@code
 * --backends} than before): its workers cannot be observed or stopped from here, so nothing is done
 * to them, the cluster keeps its finalizer and a condition says which flag to change.
 */
final class DisabledBackend {
  static final String REASON = "BackendNotEnabled";

  private DisabledBackend() {}

  /** The backend the cluster names, when it is a known one this operator has not enabled. */
  static Optional<BackendType> of(AwsCluster cluster, WorkerBackends backends) {
    return Optional.ofNullable(cluster.getSpec())
        .flatMap(s -> BackendType.fromSpecValue(s.getBackend()))
        .filter(type -> backends.find(type).isEmpty());
  }

  /** Whether the cluster may have workers: it launched at least once (or counted some). */
  static boolean mayHaveWorkers(AwsClusterStatus status) {
    return (status.getNextLaunchSequence() != null && status.getNextLaunchSequence() > 0)
        || (status.getReplicas() != null && status.getReplicas() > 0);
  }

  static String message(AwsCluster cluster, BackendType type, WorkerBackends backends, String now) {
    return "backend "
        + type.specValue()
        + " is not enabled in this operator (--backends, ACM_BACKENDS; enabled: "
        + backends.enabled().stream()
            .map(BackendType::specValue)
            .sorted()
            .collect(Collectors.joining(", "))
        + "): "
        + now
        + "; add it to --backends to manage its workers (named acm-"
        + cluster.getMetadata().getUid().replace("-", "")
        + "-*)";
  }
}
