package io.clustermanagers.aws.operator.metrics;

import io.clustermanagers.aws.operator.core.WorkerState;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One cluster's gauges: workers by state, desired workers, Ready and Degraded. */
final class ClusterGauges {
  private static final List<WorkerState> STATES =
      List.of(
          WorkerState.PENDING,
          WorkerState.STARTING,
          WorkerState.READY,
          WorkerState.LOST,
          WorkerState.STOPPING);
  private final Map<WorkerState, AtomicInteger> workers = new EnumMap<>(WorkerState.class);
  private final AtomicInteger desired = new AtomicInteger();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger degraded = new AtomicInteger();
  private final List<Meter> meters = new ArrayList<>();

  ClusterGauges(MeterRegistry registry, ClusterKey key) {
    Tags tags = clusterTags(key);
    for (WorkerState state : STATES) {
      AtomicInteger value = new AtomicInteger();
      workers.put(state, value);
      meters.add(
          Gauge.builder("awscluster_workers", value, AtomicInteger::get)
              .tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
              .register(registry));
    }
    meters.add(
        Gauge.builder("awscluster_desired_workers", desired, AtomicInteger::get)
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder("awscluster_ready", ready, AtomicInteger::get).tags(tags).register(registry));
    meters.add(
        Gauge.builder("awscluster_degraded", degraded, AtomicInteger::get)
            .tags(tags)
            .register(registry));
  }

  static Tags clusterTags(ClusterKey key) {
    return Tags.of("namespace", key.namespace(), "name", key.name());
  }

  void set(
      Map<WorkerState, Long> byState, int desiredWorkers, boolean isReady, boolean isDegraded) {
    workers.forEach((state, value) -> value.set(byState.getOrDefault(state, 0L).intValue()));
    desired.set(desiredWorkers);
    ready.set(isReady ? 1 : 0);
    degraded.set(isDegraded ? 1 : 0);
  }

  void remove(MeterRegistry registry) {
    meters.forEach(registry::remove);
  }
}
