package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import java.util.Set;

/**
 * Removes ids from {@code spec.scaleDown.workersToDelete} once those workers are gone, as KubeRay
 * does, so the list only ever holds work still to do.
 */
@FunctionalInterface
public interface WorkersToDeleteEditor {
  WorkersToDeleteEditor NONE = (cluster, done) -> {};

  void remove(AwsCluster cluster, Set<String> done);
}
