package io.clustermanagers.aws.operator.status;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one writer of status. Writes only when the status changed, and remembers what it wrote so
 * that the next reconcile starts from it even when the informer cache has not caught up yet (the
 * launch sequence and failure tally in status must never go backwards).
 */
public final class StatusRecorder {
  private final StatusSink sink;
  private final Map<String, AwsClusterStatus> written = new ConcurrentHashMap<>();

  public StatusRecorder(StatusSink sink) {
    this.sink = sink;
  }

  /** The newest status of this cluster: what this process last wrote, else what the API has. */
  public AwsClusterStatus current(AwsCluster cluster) {
    AwsClusterStatus mine = written.get(uid(cluster));
    if (mine != null) {
      return mine;
    }
    return cluster.getStatus() == null ? new AwsClusterStatus() : cluster.getStatus();
  }

  /** Writes {@code status} unless it equals the current one; returns true when it wrote. */
  public boolean record(AwsCluster cluster, AwsClusterStatus status) {
    if (status.equals(current(cluster))) {
      return false;
    }
    sink.write(cluster, status);
    written.put(uid(cluster), status);
    return true;
  }

  /** Drops the memory of a deleted cluster. */
  public void forget(AwsCluster cluster) {
    written.remove(uid(cluster));
  }

  private static String uid(AwsCluster cluster) {
    return cluster.getMetadata().getUid();
  }
}
