package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.time.Instant;

/**
 * What one reconcile of an admitted cluster works on, fixed at its start.
 *
 * @param specified the spec as validated
 * @param desired the spec with the {@code workersToDelete} already handled taken out
 * @param previous the status as last recorded before this pass
 */
record ReconcilePass(
    AwsCluster cluster,
    DesiredCluster specified,
    DesiredCluster desired,
    WorkerBackend backend,
    WorkerGroup group,
    AwsClusterStatus previous,
    Instant now) {

  ReconcilePass(
      AwsCluster cluster,
      DesiredCluster specified,
      WorkerBackend backend,
      WorkerGroup group,
      AwsClusterStatus previous,
      Instant now) {
    this(
        cluster,
        specified,
        specified.withWorkersToDelete(
            WorkersToDeleteLedger.pending(
                specified.workersToDelete(), previous.getHandledWorkersToDelete())),
        backend,
        group,
        previous,
        now);
  }
}
