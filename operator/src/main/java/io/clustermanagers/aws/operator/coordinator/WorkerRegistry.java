package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which workers of which cluster are alive, as the workers themselves report it. Soft state: it
 * starts empty after a restart and the workers register again. Thread-safe. It knows nothing of
 * HTTP; {@link CoordinatorServer} is its front.
 *
 * <p>The {@link RegistryListener} given to the constructor (the reconcile trigger) and those added
 * later (the coordinator's watchers) hear about registrations and deregistrations through {@link
 * RegistryListener#workersChanged}, and about {@link #forget} (the operator's own removal) and
 * {@link #closeCluster} through their own methods. A heartbeat notifies nobody: it is a map lookup
 * and a timestamp store.
 */
public final class WorkerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);

  private final Clock clock;
  private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentMap<ClusterKey, OpenCluster> clusters = new ConcurrentHashMap<>();
  private final ClosedClusters closed;

  public WorkerRegistry(Clock clock, RegistryListener listener) {
    this(clock, listener, ClosedClusters.DEFAULT_CAPACITY);
  }

  /** As above, remembering at most {@code closedCapacity} closed clusters. */
  WorkerRegistry(Clock clock, RegistryListener listener, int closedCapacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    listeners.add(Objects.requireNonNull(listener, "listener"));
    this.closed = new ClosedClusters(closedCapacity);
  }

  /** Adds a listener that hears of every change from now on. */
  public void addListener(RegistryListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added by {@link #addListener}. */
  public void removeListener(RegistryListener listener) {
    listeners.remove(listener);
  }

  /**
   * Accepts workers of {@code key} presenting {@code token}. Idempotent: opening an open cluster
   * replaces its token and heartbeat interval and keeps its workers.
   *
   * @throws IllegalArgumentException if the token is blank, the interval not positive, or another
   *     open cluster already uses the same token
   */
  public void openCluster(ClusterKey key, String token, Duration heartbeatInterval) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    if (token.isBlank()) {
      throw new IllegalArgumentException("the token of cluster " + key + " is blank");
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "heartbeatInterval must be positive: " + heartbeatInterval);
    }
    TokenDigest digest = TokenDigest.of(token);
    Optional<ClusterKey> holder = clusterFor(digest);
    if (holder.isPresent() && !holder.get().equals(key)) {
      throw new IllegalArgumentException(
          "cluster " + key + " cannot share its token with cluster " + holder.get());
    }
    closed.forget(digest);
    clusters.compute(
        key,
        (k, open) ->
            open == null
                ? OpenCluster.withoutWorkers(digest, heartbeatInterval, clock.instant())
                : open.reopened(digest, heartbeatInterval));
  }

  /**
   * When this process opened {@code key}: workers that were running before (an operator restart, a
   * new leader) can only have registered again since then.
   */
  public Optional<java.time.Instant> openedAt(ClusterKey key) {
    return Optional.ofNullable(clusters.get(key)).map(OpenCluster::openedAt);
  }

  /**
   * Forgets the workers of {@code key} and tells the listeners if it was open. Its token is kept in
   * a bounded memory of closed clusters ({@link #closedClusterForToken}), so that its workers can
   * be told the cluster is gone.
   */
  public void closeCluster(ClusterKey key) {
    OpenCluster removed = clusters.remove(key);
    if (removed != null) {
      closed.remember(key, removed.token());
      notifyListeners(key, l -> l.clusterClosed(key));
    }
  }

  /**
   * The cluster this token belonged to if this process closed it (and has not forgotten it since):
   * "gone", as opposed to a token that no cluster of this process ever had.
   */
  public Optional<ClusterKey> closedClusterForToken(String token) {
    return token == null ? Optional.empty() : closed.clusterFor(TokenDigest.of(token));
  }

  /**
   * Whether {@code token} is the token of {@code key}, an open cluster: one constant-time
   * comparison with that cluster's digest, however many clusters are open. This is the check of
   * every request that names its cluster (every heartbeat).
   */
  public boolean grants(ClusterKey key, String token) {
    if (token == null) {
      return false;
    }
    TokenDigest digest = TokenDigest.of(token);
    OpenCluster cluster = clusters.get(key);
    return cluster != null && cluster.acceptsToken(digest);
  }

  /**
   * The open cluster this token belongs to, compared with every open cluster: for answering a
   * request that {@link #grants} refused (401 or 403), not for the requests that succeed.
   */
  public Optional<ClusterKey> clusterForToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    return clusterFor(TokenDigest.of(token));
  }

  /**
   * Adds the worker, or refreshes its address, port and last heartbeat when it is already known
   * (registeredAt is kept only when the address is unchanged). Notifies the listeners.
   *
   * @return the heartbeat interval to hand to the worker, or empty when the cluster is not open
   */
  public Optional<Duration> register(ClusterKey key, WorkerRegistration registration) {
    Objects.requireNonNull(registration, "registration");
    Instant now = clock.instant();
    OpenCluster cluster =
        clusters.computeIfPresent(
            key,
            (k, open) -> {
              open.register(registration, now);
              return open;
            });
    if (cluster == null) {
      return Optional.empty();
    }
    LOG.debug("worker {} of cluster {} registered", registration.workerId(), key);
    notifyChanged(key);
    return Optional.of(cluster.heartbeatInterval());
  }

  /** Records a heartbeat; false when the cluster is not open or the worker is not registered. */
  public boolean heartbeat(ClusterKey key, String workerId) {
    OpenCluster cluster = clusters.get(key);
    return cluster != null && cluster.heartbeat(workerId, clock.instant());
  }

  /** Removes the worker at its own request; notifies the listeners if it was registered. */
  public void deregister(ClusterKey key, String workerId) {
    if (remove(key, workerId)) {
      LOG.debug("worker {} of cluster {} deregistered", workerId, key);
      notifyChanged(key);
    }
  }

  /**
   * Removes a worker the operator has stopped; tells the listeners through {@link
   * RegistryListener#workerForgotten} (not {@link RegistryListener#workersChanged}) if it was
   * registered.
   */
  public void forget(ClusterKey key, String workerId) {
    if (remove(key, workerId)) {
      notifyListeners(key, l -> l.workerForgotten(key, workerId));
    }
  }

  /** A snapshot of the workers of {@code key}, sorted by workerId; empty when it is not open. */
  public List<RegisteredWorker> workers(ClusterKey key) {
    OpenCluster cluster = clusters.get(key);
    return cluster == null ? List.of() : cluster.snapshot();
  }

  private boolean remove(ClusterKey key, String workerId) {
    OpenCluster cluster = clusters.get(key);
    return cluster != null && cluster.remove(workerId);
  }

  /** Compares against every cluster, without stopping at a match. */
  private Optional<ClusterKey> clusterFor(TokenDigest digest) {
    ClusterKey found = null;
    for (Map.Entry<ClusterKey, OpenCluster> entry : clusters.entrySet()) {
      if (entry.getValue().acceptsToken(digest)) {
        found = entry.getKey();
      }
    }
    return Optional.ofNullable(found);
  }

  private void notifyChanged(ClusterKey key) {
    notifyListeners(key, l -> l.workersChanged(key));
  }

  /** Tells every listener; one that fails is logged and does not keep the others from hearing. */
  private void notifyListeners(ClusterKey key, Consumer<RegistryListener> notification) {
    for (RegistryListener listener : listeners) {
      try {
        notification.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("registry listener failed for cluster {}", key, e);
      }
    }
  }
}
