package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import java.util.Optional;

/**
 * Where a driver finds a cluster's workers inside Kubernetes, told in {@code
 * status.coordinator.workersService}: in operator mode a headless Service whose EndpointSlices list
 * the registered workers; standalone mode has none.
 */
@FunctionalInterface
public interface WorkersService {
  /** No Service (standalone mode). */
  WorkersService NONE = cluster -> Optional.empty();

  /** The name of the cluster's Service, if this mode publishes one. */
  Optional<String> nameFor(AwsCluster cluster);
}
