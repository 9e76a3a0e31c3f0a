package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendCapacity;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);

  private ClusterReconciler reconciler(WorkerLimits limits) {
    return TestCoreParts.with(clock, BackendType.LOCAL, backend)
        .statusSink(
            (cluster, base, status) -> {
              written.put(name(cluster), status);
              return null;
            })
        .eventsTo(events)
        .tokens(c -> "token-" + c.getMetadata().getName())
        .quota(new WorkerQuota(limits, new WorkerBudget(limits.total())))
        .reconciler();
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
    backend.room(new BackendCapacity(3, 2, "at most 3 local processes (--local-x)"));
    ClusterReconciler reconciler = reconciler(WorkerLimits.DEFAULT);
    AwsCluster cluster = cluster("local", 10);

    reconciler.reconcile(cluster);

    assertThat(backend.launches())
        .extracting(LaunchRequest::count)
        .as("paced: 2 per launch")
        .containsExactly(2);
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
    assertThat(backend.stopReasons()).containsOnly("the cluster reached its spec.maxLifetime");
    assertThat(condition("short", Conditions.READY).getReason()).isEqualTo("MaxLifetimeExceeded");
    assertThat(written.get("short").getPhase()).isEqualTo("Suspended");
    assertThat(events("MaxLifetimeExceeded")).hasSize(1);
    assertThat(cluster.getSpec().getSuspend()).isFalse();
    assertThat(cluster.getSpec().getMaxLifetime()).isEqualTo("1h");

    cluster.getSpec().setMaxLifetime("2h");
    reconciler.reconcile(cluster);
    assertThat(backend.alive("uid-short")).as("a longer lifetime resumes it").isEqualTo(3);
  }
}
