package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A short memory of clusters this process closed (deleted, or their standalone run ended), by token
 * digest, so that the coordinator can answer their workers 410 Gone ("stop for good") rather than
 * 401 ("no cluster knows this token", which a worker retries: its coordinator may have just
 * restarted). Bounded: the oldest entries are dropped first. Empty after a restart, so a restarted
 * coordinator never tells a worker to stop. Thread-safe.
 */
final class ClosedClusters {
  /** Enough for every cluster a busy operator deletes within a worker's heartbeat or two. */
  static final int DEFAULT_CAPACITY = 4096;

  private record Closed(ClusterKey key, TokenDigest token) {}

  private final int capacity;
  private final Deque<Closed> closed = new ArrayDeque<>();

  ClosedClusters(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
  }

  synchronized void remember(ClusterKey key, TokenDigest token) {
    forget(token);
    if (closed.size() >= capacity) {
      closed.removeFirst();
    }
    closed.addLast(new Closed(key, token));
  }

  /** A token in use again (a cluster re-created with the same token) is no longer "gone". */
  synchronized void forget(TokenDigest token) {
    closed.removeIf(c -> c.token().matches(token));
  }

  /** The closed cluster this token belonged to; compares against every entry. */
  synchronized Optional<ClusterKey> clusterFor(TokenDigest token) {
    ClusterKey found = null;
    for (Closed c : closed) {
      if (c.token().matches(token)) {
        found = c.key();
      }
    }
    return Optional.ofNullable(found);
  }

  synchronized int size() {
    return closed.size();
  }
}
