package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No duplicate launch when the backend does not show a launch yet (a lagging ListJobs/ListTasks, a
 * lost response, an earlier leader's call in flight), and a launch that never shows is replaced
 * once its grace is over.
 */
class GoneClusterTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String UID = TestClusters.UID;
  private final MutableClock clock = new MutableClock(T0);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final WorkerRegistry registry = new WorkerRegistry(clock, key -> {});
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ClusterReconciler reconciler = reconciler();

  private ClusterReconciler reconciler() {
    return TestCoreParts.with(clock, BackendType.LOCAL, backend)
        .registry(registry)
        .statusTo(written)
        .meters(meters)
        .reconciler();
  }

  private static AwsCluster cluster(int replicas) {
    return TestClusters.local(replicas);
  }

  private AwsClusterStatus last() {
    return TestClusters.last(written);
  }

  private long seriesOf(String name) {
    return meters.getMeters().stream().filter(m -> name.equals(m.getId().getTag("name"))).count();
  }

  @Test
  void aClusterGoneWithoutCleanupIsForgottenEverywhere() {
    AwsCluster cluster = cluster(2);
    reconciler.reconcile(cluster);
    ClusterKey key = ClusterReconciler.keyOf(cluster);
    assertThat(registry.openedAt(key)).isPresent();
    assertThat(seriesOf("sim")).isPositive();

    assertThat(reconciler.releaseGone(k -> true)).as("still there").isZero();
    assertThat(registry.openedAt(key)).isPresent();

    assertThat(reconciler.releaseGone(k -> false)).isEqualTo(1);

    assertThat(registry.openedAt(key)).isEmpty();
    assertThat(seriesOf("sim")).isZero();
    assertThat(backend.released()).containsExactly(UID);
    assertThat(reconciler.releaseGone(k -> false)).as("once").isZero();
  }
}
