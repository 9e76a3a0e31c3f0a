package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No duplicate launch when the backend does not show a launch yet (a lagging ListJobs/ListTasks, a
 * lost response, an earlier leader's call in flight), and a launch that never shows is replaced
 * once its grace is over.
 */
class DisabledBackendTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String UID = TestClusters.UID;
  private final MutableClock clock = new MutableClock(T0);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final List<PlanNote> events = new ArrayList<>();
  private final WorkerRegistry registry = new WorkerRegistry(clock, key -> {});

  /** An operator serving only {@code enabled}; the local backend is the one fake. */
  private ClusterReconciler reconciler(BackendType... enabled) {
    Map<BackendType, io.clustermanagers.aws.operator.backend.WorkerBackend> served =
        new java.util.EnumMap<>(BackendType.class);
    for (BackendType type : enabled) {
      served.put(type, backend);
    }
    return TestCoreParts.with(clock, served)
        .registry(registry)
        .statusTo(written)
        .eventsTo(events)
        .reconciler();
  }

  private static AwsCluster cluster(int replicas) {
    return TestClusters.local(replicas);
  }

  private AwsClusterStatus last() {
    return TestClusters.last(written);
  }

  @Test
  void aClusterOfADisabledBackendKeepsItsWorkersAndSaysWhichFlag() {
    AwsCluster cluster = cluster(2);
    reconciler(BackendType.LOCAL).reconcile(cluster);
    cluster.setStatus(last());

    reconciler(BackendType.BATCH).reconcile(cluster);

    assertThat(backend.alive(UID)).isEqualTo(2);
    Condition ready = Conditions.find(last().getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("BackendNotEnabled");
    assertThat(ready.getMessage()).contains("backend local", "--backends", "ACM_BACKENDS");
    assertThat(last().getReplicas()).as("counts as last seen").isEqualTo(2);
  }

  @Test
  void deletingAClusterOfADisabledBackendKeepsTheFinalizerWhileWorkersMayRun() {
    AwsCluster cluster = cluster(2);
    reconciler(BackendType.LOCAL).reconcile(cluster);
    cluster.setStatus(last());

    ReconcileResult result = reconciler(BackendType.BATCH).cleanup(cluster);

    assertThat(result.done()).as("the finalizer stays").isFalse();
    assertThat(backend.alive(UID)).isEqualTo(2);
    assertThat(Conditions.find(last().getConditions(), Conditions.READY).orElseThrow().getMessage())
        .contains("--backends", "finalizer stays");
    assertThat(events).anyMatch(e -> e.reason().equals("BackendNotEnabled") && e.warning());

    ReconcileResult enabledAgain = reconciler(BackendType.LOCAL).cleanup(cluster);
    assertThat(enabledAgain.done()).as("stopping first").isFalse();
    assertThat(reconciler(BackendType.LOCAL).cleanup(cluster).done()).isTrue();
    assertThat(backend.alive(UID)).isZero();
  }

  @Test
  void aClusterThatNeverLaunchedGoesAtOnce() {
    assertThat(reconciler(BackendType.BATCH).cleanup(cluster(2)).done()).isTrue();
  }
}
