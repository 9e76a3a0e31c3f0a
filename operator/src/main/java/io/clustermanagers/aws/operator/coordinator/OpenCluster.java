package io.clustermanagers.aws.operator.coordinator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A cluster the registry accepts workers for: its token digest, the heartbeat interval it hands
 * out, and its workers by id. Token and interval are immutable; reopening builds a new instance
 * that shares the same workers.
 */
final class OpenCluster {
  private final TokenDigest token;
  private final Duration heartbeatInterval;
  private final ConcurrentMap<String, WorkerEntry> workers;
  private final java.time.Instant openedAt;

  private OpenCluster(
      TokenDigest token,
      Duration heartbeatInterval,
      ConcurrentMap<String, WorkerEntry> workers,
      java.time.Instant openedAt) {
    this.token = token;
    this.heartbeatInterval = heartbeatInterval;
    this.workers = workers;
    this.openedAt = openedAt;
  }

  static OpenCluster withoutWorkers(
      TokenDigest token, Duration heartbeatInterval, java.time.Instant openedAt) {
    return new OpenCluster(token, heartbeatInterval, new ConcurrentHashMap<>(), openedAt);
  }

  OpenCluster reopened(TokenDigest newToken, Duration newHeartbeatInterval) {
    return new OpenCluster(newToken, newHeartbeatInterval, workers, openedAt);
  }

  /** When this process started accepting the cluster's workers. */
  java.time.Instant openedAt() {
    return openedAt;
  }

  TokenDigest token() {
    return token;
  }

  boolean acceptsToken(TokenDigest candidate) {
    return token.matches(candidate);
  }

  Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Adds or refreshes a worker. A worker that registers again from the same address is the same
   * incarnation (for instance after a lost heartbeat) and keeps its registeredAt; a new address
   * means a new incarnation, so registeredAt restarts.
   */
  void register(WorkerRegistration registration, Instant now) {
    workers.compute(
        registration.workerId(),
        (id, previous) -> {
          boolean sameIncarnation = previous != null && previous.hasAddress(registration.address());
          return new WorkerEntry(
              registration, sameIncarnation ? previous.registeredAt() : now, now);
        });
  }

  boolean heartbeat(String workerId, Instant now) {
    WorkerEntry entry = workers.get(workerId);
    if (entry == null) {
      return false;
    }
    entry.heartbeatAt(now);
    return true;
  }

  boolean remove(String workerId) {
    return workers.remove(workerId) != null;
  }

  List<RegisteredWorker> snapshot() {
    return workers.values().stream()
        .map(WorkerEntry::snapshot)
        .sorted(Comparator.comparing(RegisteredWorker::workerId))
        .toList();
  }
}
