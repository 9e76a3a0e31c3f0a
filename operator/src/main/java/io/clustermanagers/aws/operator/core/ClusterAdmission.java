package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.time.Instant;
import java.util.Optional;

/**
 * The validate step: a cluster whose backend this operator has enabled and whose spec is valid is
 * admitted to a pass (its registry entry opened); any other is refused with the reason.
 */
public final class ClusterAdmission {
  private final WorkerBackends backends;
  private final SpecValidator validator;
  private final ClusterAccess access;

  public ClusterAdmission(WorkerBackends backends, SpecValidator validator, ClusterAccess access) {
    this.backends = backends;
    this.validator = validator;
    this.access = access;
  }

  Admission admit(AwsCluster cluster, AwsClusterStatus previous, Instant now)
      throws BackendException {
    Optional<BackendType> disabled = DisabledBackend.of(cluster, backends);
    if (disabled.isPresent()) {
      return new Admission.Refused(
          DisabledBackend.REASON,
          DisabledBackend.message(
              cluster,
              disabled.get(),
              backends,
              "its workers are neither observed nor stopped, the finalizer stays"),
          false);
    }
    ValidationResult validation = validator.validate(cluster.getSpec());
    if (!validation.isValid()) {
      return new Admission.Refused(
          "InvalidSpec", validation.message() + " (running workers are kept)", true);
    }
    DesiredCluster desired = validation.desired().orElseThrow();
    WorkerBackend backend = backends.find(desired.backend()).orElseThrow();
    WorkerGroup group = access.open(cluster, desired);
    return new Admission.Admitted(
        new ReconcilePass(cluster, desired, backend, group, previous, now));
  }
}
