package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendCapacity;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.metrics.MicrometerClusterMetrics;
import io.clustermanagers.aws.operator.status.Conditions;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The reconciler under the operator's limits and a cluster's lifetime, with an in-memory backend.
 */
class ClusterReconcilerLimitsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final Map<String, AwsClusterStatus> written = new ConcurrentHashMap<>();
  private final List<PlanNote> events = new ArrayList<>();
  private final InMemoryBackend backend = new InMemoryBackend();

  private ClusterReconciler reconciler(WorkerLimits limits) {
    return new ClusterReconciler(
        new CoreParts(
            new SpecValidator(java.util.Set.of(BackendType.LOCAL)),
            new WorkerBackends(Map.of(BackendType.LOCAL, backend)),
            new WorkerRegistry(clock, key -> {}),
            new WorkerPlanner(PlannerPolicy.DEFAULT),
            new StatusCalculator(50, 3),
            new StatusRecorder(
                (cluster, base, status) -> {
                  written.put(name(cluster), status);
                  return null;
                }),
            (cluster, note) -> events.add(note),
            new MicrometerClusterMetrics(new SimpleMeterRegistry()),
            c -> "token-" + c.getMetadata().getName(),
            WorkersService.NONE,
            WorkersToDeleteEditor.NONE,
            new WorkerQuota(limits, new WorkerBudget(limits.total())),
            "http://127.0.0.1:1",
            ReconcileTiming.DEFAULT,
            clock));
  }

  private static AwsCluster cluster(String name, int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("research")
            .withUid("uid-" + name)
            .withGeneration(1L)
            .withCreationTimestamp(T0.toString())
            .build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    cluster.setSpec(spec);
    return cluster;
  }

  private static String name(AwsCluster cluster) {
    return cluster.getMetadata().getName();
  }

  private Condition condition(String cluster, String type) {
    return Conditions.find(written.get(cluster).getConditions(), type).orElseThrow();
  }

  private List<PlanNote> events(String reason) {
    return events.stream().filter(e -> e.reason().equals(reason)).toList();
  }

  @Test
  void aTypoInReplicasLaunchesOnlyUpToThePerClusterLimitAndSaysSoOnce() {
    ClusterReconciler reconciler = reconciler(new WorkerLimits(5, 100));
    AwsCluster typo = cluster("typo", 10000);

    reconciler.reconcile(typo);
    reconciler.reconcile(typo);

    assertThat(backend.alive("uid-typo")).isEqualTo(5);
    Condition progressing = condition("typo", Conditions.PROGRESSING);
    assertThat(progressing.getReason()).isEqualTo("WorkerLimitExceeded");
    assertThat(progressing.getStatus()).isEqualTo("False");
    assertThat(progressing.getMessage())
        .contains("5 of 10000 workers launched", "at most 5 per cluster")
        .contains("--max-workers-per-cluster", "ACM_MAX_WORKERS_PER_CLUSTER");
    assertThat(events("WorkerLimitExceeded"))
        .singleElement()
        .satisfies(e -> assertThat(e.warning()).isTrue())
        .satisfies(e -> assertThat(e.message()).contains("--max-workers-per-cluster"));
  }

  @Test
  void clustersShareTheOperatorWideLimitAndAGoneClusterGivesItsShareBack() {
    ClusterReconciler reconciler = reconciler(new WorkerLimits(100, 6));
    AwsCluster first = cluster("first", 4);
    AwsCluster second = cluster("second", 4);

    reconciler.reconcile(first);
    reconciler.reconcile(second);

    assertThat(backend.alive("uid-first")).isEqualTo(4);
    assertThat(backend.alive("uid-second")).isEqualTo(2);
    assertThat(condition("second", Conditions.PROGRESSING).getMessage())
        .contains("at most 6 across all clusters (--max-workers, ACM_MAX_WORKERS)")
        .contains("the other clusters hold 4");

    reconciler.cleanup(first);
    reconciler.cleanup(first); // done once the backend confirms none is left
    reconciler.reconcile(second);

    assertThat(backend.alive("uid-second")).isEqualTo(4);
    assertThat(condition("second", Conditions.PROGRESSING).getReason())
        .isNotEqualTo("WorkerLimitExceeded");
  }

  @Test
  void theBackendsOwnRoomBoundsLaunchesAndIsNamed() {
    backend.room = Optional.of(new BackendCapacity(3, 2, "at most 3 local processes (--local-x)"));
    ClusterReconciler reconciler = reconciler(WorkerLimits.DEFAULT);
    AwsCluster cluster = cluster("local", 10);

    reconciler.reconcile(cluster);

    assertThat(backend.launches).as("paced: 2 per launch").containsExactly(2);
    assertThat(condition("local", Conditions.PROGRESSING).getMessage()).contains("--local-x");
  }

  @Test
  void afterItsMaxLifetimeTheClusterIsSuspendedWithoutTouchingItsSpec() {
    ClusterReconciler reconciler = reconciler(WorkerLimits.DEFAULT);
    AwsCluster cluster = cluster("short", 3);
    cluster.getSpec().setMaxLifetime("1h");
    cluster.getSpec().setRegistrationTimeout("3h"); // no deadline but the lifetime matters here
    reconciler.reconcile(cluster);
    assertThat(backend.alive("uid-short")).isEqualTo(3);

    clock.advance(Duration.ofHours(1));
    reconciler.reconcile(cluster);
    reconciler.reconcile(cluster);

    assertThat(backend.alive("uid-short")).isZero();
    assertThat(backend.stopReasons).containsOnly("the cluster reached its spec.maxLifetime");
    assertThat(condition("short", Conditions.READY).getReason()).isEqualTo("MaxLifetimeExceeded");
    assertThat(written.get("short").getPhase()).isEqualTo("Suspended");
    assertThat(events("MaxLifetimeExceeded")).hasSize(1);
    assertThat(cluster.getSpec().getSuspend()).isFalse();
    assertThat(cluster.getSpec().getMaxLifetime()).isEqualTo("1h");

    cluster.getSpec().setMaxLifetime("2h");
    reconciler.reconcile(cluster);
    assertThat(backend.alive("uid-short")).as("a longer lifetime resumes it").isEqualTo(3);
  }

  /** Workers that run at once and stop at once when asked. */
  private static final class InMemoryBackend implements WorkerBackend {
    private final Map<String, Map<String, BackendWorker>> groups = new ConcurrentHashMap<>();
    private final List<Integer> launches = new ArrayList<>();
    private final List<String> stopReasons = new ArrayList<>();
    private Optional<BackendCapacity> room = Optional.empty();

    @Override
    public List<BackendWorker> observe(WorkerGroup group) {
      return List.copyOf(workers(group).values());
    }

    @Override
    public List<BackendWorker> launch(WorkerGroup group, LaunchRequest request) {
      List<BackendWorker> launched = new ArrayList<>();
      for (long seq = request.first(); seq < request.end(); seq++) {
        BackendWorker worker =
            new BackendWorker(
                group.key().name() + "-" + seq,
                seq,
                WorkerPhase.RUNNING,
                T0,
                Optional.of(T0),
                Optional.empty(),
                false,
                "");
        workers(group).put(worker.id(), worker);
        launched.add(worker);
      }
      launches.add(launched.size());
      return launched;
    }

    @Override
    public void stop(WorkerGroup group, Collection<String> ids, String reason) {
      stopReasons.add(reason.replaceFirst("^stopping (worker \\S+|\\d+ workers): ", ""));
      for (String id : ids) {
        BackendWorker w = workers(group).get(id);
        if (w != null) {
          workers(group)
              .put(
                  id,
                  new BackendWorker(
                      id,
                      w.launchSequence(),
                      WorkerPhase.SUCCEEDED,
                      w.launchedAt(),
                      w.startedAt(),
                      Optional.of(T0),
                      true,
                      ""));
        }
      }
    }

    @Override
    public Optional<BackendCapacity> capacity() {
      return room;
    }

    @Override
    public void release(WorkerGroup group) {
      groups.remove(group.uid());
    }

    long alive(String uid) {
      return groups.getOrDefault(uid, Map.of()).values().stream().filter(w -> !w.isEnded()).count();
    }

    private Map<String, BackendWorker> workers(WorkerGroup group) {
      return groups.computeIfAbsent(group.uid(), k -> new ConcurrentHashMap<>());
    }
  }
}
