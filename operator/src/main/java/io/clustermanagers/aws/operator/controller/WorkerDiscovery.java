package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.controller.DiscoveryWriter.Written;
import io.clustermanagers.aws.operator.controller.WorkerEndpointSlices.Content;
import io.clustermanagers.aws.operator.coordinator.RegistryListener;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.core.WorkersService;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists each AwsCluster's registered workers in Kubernetes: a headless Service {@code
 * <name>-workers} and its EndpointSlices, owned by the AwsCluster, kept in step with the registry.
 *
 * <p>Writes are batched: a join or leave marks the cluster changed, and one thread writes its
 * slices at most once per {@code batchInterval}, only the slices whose content changed; heartbeats
 * change nothing. After an operator restart the slices it finds are left as they are for {@code
 * restoreGrace} (until the running workers have registered again), so that a restart does not empty
 * them. Failed writes are retried with backoff, and never affect reconciling.
 */
public final class WorkerDiscovery implements RegistryListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerDiscovery.class);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  /** The Service each cluster gets (what status.coordinator.workersService says). */
  public static final WorkersService SERVICE_NAMES =
      cluster -> WorkerEndpointSlices.serviceName(cluster.getMetadata().getName());

  private final DiscoveryWriter writer;
  private final WorkerRegistry registry;
  private final Duration batchInterval;
  private final Duration restoreGrace;
  private final Clock clock;
  private final Map<ClusterKey, Published> clusters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "worker-discovery");
            t.setDaemon(true);
            return t;
          });

  /** One cluster's published state; fields other than owner are used on the executor only. */
  private static final class Published {
    volatile ClusterOwner owner;
    final String serviceName;
    final AtomicBoolean scheduled = new AtomicBoolean();
    boolean serviceReady;
    Map<String, Written> written; // null: not read from the server yet
    boolean restored;
    Duration retry = Duration.ZERO;

    Published(ClusterOwner owner, String serviceName) {
      this.owner = owner;
      this.serviceName = serviceName;
    }
  }

  public WorkerDiscovery(
      KubernetesClient client,
      WorkerRegistry registry,
      Duration batchInterval,
      Duration restoreGrace,
      Clock clock) {
    this.writer = new DiscoveryWriter(client);
    this.registry = registry;
    this.batchInterval = batchInterval;
    this.restoreGrace = restoreGrace;
    this.clock = clock;
  }

  /** Called on each reconcile: publishes this cluster's workers from now on. No API call here. */
  public void track(AwsCluster cluster) {
    ClusterOwner owner = ClusterOwner.of(cluster);
    Optional<String> service = SERVICE_NAMES.nameFor(cluster);
    if (service.isEmpty() || owner.uid() == null) {
      return; // a name too long for a Service: the cluster is simply not listed
    }
    Published known = clusters.get(owner.key());
    if (known != null && known.owner.uid().equals(owner.uid())) {
      return;
    }
    clusters.put(owner.key(), new Published(owner, service.get()));
    changed(owner.key(), Duration.ZERO);
  }

  @Override
  public void workersChanged(ClusterKey key) {
    changed(key, batchInterval);
  }

  @Override
  public void workerForgotten(ClusterKey key, String workerId) {
    changed(key, batchInterval);
  }

  @Override
  public void clusterClosed(ClusterKey key) {
    clusters.remove(key); // what was published goes with the AwsCluster (owner references)
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  private void changed(ClusterKey key, Duration after) {
    Published published = clusters.get(key);
    if (published != null && published.scheduled.compareAndSet(false, true)) {
      try {
        executor.schedule(() -> flush(key, published), after.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        published.scheduled.set(false);
      }
    }
  }

  private void flush(ClusterKey key, Published published) {
    published.scheduled.set(false); // a change from now on schedules the next write
    if (clusters.get(key) != published) {
      return;
    }
    try {
      Optional<Instant> wait = sync(key, published);
      published.retry = Duration.ZERO;
      wait.ifPresent(until -> changed(key, Duration.between(clock.instant(), until)));
    } catch (KubernetesClientException | DiscoveryWriter.ForeignObject e) {
      published.written = null; // read again: a conflict means someone else wrote
      published.retry = nextRetry(published.retry);
      LOG.warn(
          "cannot list the workers of cluster {} in Service {} (again in {}s): {}",
          key,
          published.serviceName,
          published.retry.toSeconds(),
          e.getMessage());
      changed(key, published.retry);
    }
  }

  /** Brings the slices in line with the registry; a time to come back if it must wait. */
  private Optional<Instant> sync(ClusterKey key, Published published) {
    ClusterOwner owner = published.owner;
    if (!published.serviceReady) {
      writer.ensureService(owner, published.serviceName);
      published.serviceReady = true;
    }
    if (published.written == null) {
      published.written = writer.ownedSlices(owner, published.serviceName);
      published.restored |= !published.written.isEmpty();
    }
    Instant graceEnd = registry.openedAt(key).orElse(Instant.MIN).plus(restoreGrace);
    if (published.restored && clock.instant().isBefore(graceEnd)) {
      return Optional.of(graceEnd);
    }
    Map<String, Content> desired =
        new LinkedHashMap<>(
            WorkerEndpointSlices.contents(published.serviceName, registry.workers(key)));
    published.written.forEach((name, w) -> desired.putIfAbsent(name, w.content().emptied()));
    for (Map.Entry<String, Content> slice : desired.entrySet()) {
      Written previous = published.written.get(slice.getKey());
      if (previous == null || !previous.content().equals(slice.getValue())) {
        published.written.put(
            slice.getKey(),
            writer.write(owner, published.serviceName, slice.getKey(), slice.getValue(), previous));
      }
    }
    return Optional.empty();
  }

  private Duration nextRetry(Duration last) {
    Duration next = last.isZero() ? batchInterval.plusSeconds(1) : last.multipliedBy(2);
    return next.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next;
  }
}
