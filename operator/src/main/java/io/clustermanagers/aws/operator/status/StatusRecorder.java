package io.clustermanagers.aws.operator.status;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one writer of status. Writes only when the status changed, conditional on the version of the
 * resource it was computed from (optimistic locking), and remembers what it wrote so that the next
 * reconcile starts from it while the informer cache has not caught up (the launch sequence and
 * failure tally in status must never go backwards).
 *
 * <p>On a conflict it looks at the resource as it is now: if only the spec or metadata changed (a
 * user's edit, a finalizer), the status it believed in is still there and the write is retried over
 * the new version; if the status itself changed, another writer (say, a stale ex-leader and its
 * successor) wrote it, and this writer does not overwrite it: {@link StatusConflict} goes up so
 * that the cluster is reconciled again from the newer status.
 */
public final class StatusRecorder {
  private static final int ATTEMPTS = 3;
  private static final int REMEMBERED_VERSIONS = 32;
  private final StatusSink sink;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  public StatusRecorder(StatusSink sink) {
    this.sink = sink;
  }

  /**
   * What this process wrote last: the status, the resourceVersion that write produced, and the
   * versions before it (a cache still showing one of them has not seen the write yet).
   */
  private record Written(AwsClusterStatus status, String version, Set<String> older) {
    boolean isNewerThan(String cachedVersion) {
      return cachedVersion == null
          || version == null
          || version.equals(cachedVersion)
          || older.contains(cachedVersion);
    }
  }

  /** The newest status of this cluster: what this process last wrote, else what the API has. */
  public AwsClusterStatus current(AwsCluster cluster) {
    Written mine = newerThanCache(cluster);
    return mine != null ? mine.status() : statusOf(cluster);
  }

  /**
   * Writes {@code status} unless it equals the current one; returns true when it wrote.
   *
   * @throws StatusConflict when another writer changed the status since this one last saw it
   */
  public boolean record(AwsCluster cluster, AwsClusterStatus status) {
    Written mine = newerThanCache(cluster);
    AwsClusterStatus believed = mine != null ? mine.status() : statusOf(cluster);
    if (status.equals(believed)) {
      return false;
    }
    String base = mine != null ? mine.version() : version(cluster);
    Set<String> older = new LinkedHashSet<>(mine != null ? mine.older() : Set.of());
    for (int attempt = 1; ; attempt++) {
      try {
        String after = sink.write(cluster, base, status);
        remember(older, base);
        written.put(uid(cluster), new Written(status, after, Set.copyOf(older)));
        return true;
      } catch (StatusConflict conflict) {
        AwsCluster latest = conflict.latest().orElse(null);
        if (latest == null || !statusOf(latest).equals(believed) || attempt == ATTEMPTS) {
          written.remove(uid(cluster));
          throw conflict;
        }
        remember(older, base);
        base = version(latest);
      }
    }
  }

  /** Drops the memory of a deleted cluster. */
  public void forget(AwsCluster cluster) {
    written.remove(uid(cluster));
  }

  /** This process's last write if the cached resource has not caught up with it yet. */
  private Written newerThanCache(AwsCluster cluster) {
    Written mine = written.get(uid(cluster));
    if (mine == null) {
      return null;
    }
    if (mine.isNewerThan(version(cluster))) {
      return mine;
    }
    // The cache has caught up with the write, or moved past it: from now on it knows best.
    written.remove(uid(cluster), mine);
    return null;
  }

  private static void remember(Set<String> older, String version) {
    if (version == null) {
      return;
    }
    older.add(version);
    while (older.size() > REMEMBERED_VERSIONS) {
      older.remove(older.iterator().next());
    }
  }

  private static AwsClusterStatus statusOf(AwsCluster cluster) {
    return cluster.getStatus() == null ? new AwsClusterStatus() : cluster.getStatus();
  }

  private static String version(AwsCluster cluster) {
    return cluster.getMetadata().getResourceVersion();
  }

  private static String uid(AwsCluster cluster) {
    return cluster.getMetadata().getUid();
  }
}
