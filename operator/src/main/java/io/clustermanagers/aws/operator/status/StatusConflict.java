package io.clustermanagers.aws.operator.status;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import java.util.Optional;

/**
 * A status write found the resource changed since the version it was based on. Carries the resource
 * as it is now (empty once it is gone), so the writer can tell a spec edit (retry over it) from
 * someone else's status (never overwrite it: reconcile again from it).
 */
public final class StatusConflict extends RuntimeException {
  private final transient AwsCluster latest;

  public StatusConflict(String message, AwsCluster latest) {
    super(message);
    this.latest = latest;
  }

  /** The resource as the API has it after the conflict. */
  public Optional<AwsCluster> latest() {
    return Optional.ofNullable(latest);
  }
}
