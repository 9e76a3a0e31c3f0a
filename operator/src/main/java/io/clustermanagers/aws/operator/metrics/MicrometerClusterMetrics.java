package io.clustermanagers.aws.operator.metrics;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.core.ClusterMetrics;
import io.clustermanagers.aws.operator.core.WorkerState;
import io.clustermanagers.aws.operator.core.WorkerView;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.clustermanagers.aws.operator.status.Conditions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The cluster metrics of deploy/METRICS.md, on a Micrometer registry. */
public final class MicrometerClusterMetrics implements ClusterMetrics {
  private final MeterRegistry registry;
  private final Map<ClusterKey, ClusterGauges> gauges = new ConcurrentHashMap<>();
  private final Map<ClusterKey, Set<String>> registrationMeasured = new ConcurrentHashMap<>();

  public MicrometerClusterMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void observed(
      ClusterKey key,
      String backend,
      List<WorkerView> workers,
      int desired,
      AwsClusterStatus status,
      Instant now) {
    Map<WorkerState, Long> byState =
        workers.stream().collect(Collectors.groupingBy(WorkerView::state, Collectors.counting()));
    gauges
        .computeIfAbsent(key, k -> new ClusterGauges(registry, k))
        .set(
            byState,
            desired,
            Conditions.isTrue(status.getConditions(), Conditions.READY),
            Conditions.isTrue(status.getConditions(), Conditions.DEGRADED));
    Set<String> measured =
        registrationMeasured.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
    measured.retainAll(workers.stream().map(WorkerView::id).collect(Collectors.toSet()));
    for (WorkerView view : workers) {
      if (view.state() == WorkerState.READY && view.registration().isPresent()) {
        Instant lastHeartbeat = view.registration().get().lastHeartbeat();
        lateness().record(Math.max(0, Duration.between(lastHeartbeat, now).toMillis()) / 1000.0);
        if (measured.add(view.id())) {
          recordRegistration(backend, view);
        }
      }
    }
  }

  @Override
  public void launched(ClusterKey key, String backend, int count) {
    counter("awscluster_launches_total", key, Tags.of("backend", backend)).increment(count);
  }

  @Override
  public void stopped(ClusterKey key, String reason, int count) {
    counter("awscluster_stops_total", key, Tags.of("reason", reason)).increment(count);
  }

  @Override
  public void failed(ClusterKey key, int count) {
    counter("awscluster_worker_failures_total", key, Tags.empty()).increment(count);
  }

  @Override
  public void interrupted(ClusterKey key, int count) {
    counter("awscluster_worker_interruptions_total", key, Tags.empty()).increment(count);
  }

  @Override
  public void reconcileError(ClusterKey key, String reason) {
    counter("awscluster_reconcile_errors_total", key, Tags.of("reason", reason)).increment();
  }

  @Override
  public void forget(ClusterKey key) {
    ClusterGauges removed = gauges.remove(key);
    if (removed != null) {
      removed.remove(registry);
    }
    registrationMeasured.remove(key);
    // The cluster's counters too (launches, stops, failures): no series outlives its cluster.
    registry.getMeters().stream()
        .filter(
            m ->
                key.name().equals(m.getId().getTag("name"))
                    && key.namespace().equals(m.getId().getTag("namespace")))
        .toList()
        .forEach(registry::remove);
  }

  private Counter counter(String name, ClusterKey key, Tags extra) {
    return Counter.builder(name).tags(ClusterGauges.clusterTags(key).and(extra)).register(registry);
  }

  /** launch → registered, and its phases: submitted → running → registered. */
  private void recordRegistration(String backend, WorkerView view) {
    Instant launched = view.worker().launchedAt();
    Instant registered = view.registration().orElseThrow().registeredAt();
    registrationTimer(backend).record(nonNegative(launched, registered));
    view.worker()
        .startedAt()
        .ifPresent(
            running -> {
              phaseTimer(backend, "submitted_to_running").record(nonNegative(launched, running));
              phaseTimer(backend, "running_to_registered").record(nonNegative(running, registered));
            });
  }

  private static Duration nonNegative(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private Timer phaseTimer(String backend, String phase) {
    return Timer.builder("awscluster_registration_phase")
        .description("the phases of launch to registered")
        .tags("backend", backend, "phase", phase)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
  }

  private Timer registrationTimer(String backend) {
    return Timer.builder("awscluster_registration")
        .description("launch to registered")
        .tag("backend", backend)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
  }

  private DistributionSummary lateness() {
    return DistributionSummary.builder("awscluster_heartbeat_lateness_seconds")
        .description("time since a ready worker's previous heartbeat, at each reconcile")
        .serviceLevelObjectives(1, 5, 10, 30, 60, 120)
        .register(registry);
  }
}
