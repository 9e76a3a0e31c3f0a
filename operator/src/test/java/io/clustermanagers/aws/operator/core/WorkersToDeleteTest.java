package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Handled spec.scaleDown.workersToDelete ids are recorded in status and the spec is never edited (a
 * GitOps tool would put them back for ever); an id is acted on once.
 */
class WorkersToDeleteTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String UID = TestClusters.UID;
  private final MutableClock clock = new MutableClock(T0);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final ClusterReconciler reconciler = reconciler();

  private ClusterReconciler reconciler() {
    return TestCoreParts.with(clock, BackendType.LOCAL, backend).statusTo(written).reconciler();
  }

  private static AwsCluster cluster(int replicas) {
    return TestClusters.local(replicas);
  }

  private AwsClusterStatus last() {
    return TestClusters.last(written);
  }

  @Test
  void aHandledIdIsRecordedInStatusAndTheSpecIsLeftAsWritten() {
    AwsCluster cluster = cluster(3);
    reconciler.reconcile(cluster);
    cluster.getSpec().setReplicas(2);
    cluster.getSpec().setScaleDown(new io.clustermanagers.aws.api.v1alpha1.ScaleDownSpec());
    cluster.getSpec().getScaleDown().getWorkersToDelete().add("sim-0");

    reconciler.reconcile(cluster);
    reconciler.reconcile(cluster);

    assertThat(backend.calls()).contains("stop [sim-0]");
    assertThat(last().getHandledWorkersToDelete()).containsExactly("sim-0");
    assertThat(cluster.getSpec().getScaleDown().getWorkersToDelete()).containsExactly("sim-0");
    assertThat(backend.alive(UID)).isEqualTo(2);

    cluster.getSpec().getScaleDown().getWorkersToDelete().clear();
    reconciler.reconcile(cluster);

    assertThat(last().getHandledWorkersToDelete())
        .as("gone from the spec, gone from status")
        .isEmpty();
  }

  @Test
  void aHandledIdIsNotActedOnAgain() {
    AwsCluster cluster = cluster(3);
    reconciler.reconcile(cluster);
    AwsClusterStatus recorded = last();
    recorded.getLaunchesInFlight().clear(); // all seen
    recorded.setHandledWorkersToDelete(new ArrayList<>(List.of("sim-1")));
    cluster.setStatus(recorded);
    cluster.getSpec().setReplicas(2);
    cluster.getSpec().setScaleDown(new io.clustermanagers.aws.api.v1alpha1.ScaleDownSpec());
    cluster.getSpec().getScaleDown().getWorkersToDelete().add("sim-1");

    reconciler().reconcile(cluster); // a new leader, reading the recorded status

    assertThat(backend.calls()).as("the newest goes, as without the list").contains("stop [sim-2]");
    assertThat(last().getHandledWorkersToDelete()).containsExactly("sim-1");
  }
}
