package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No duplicate launch when the backend does not show a launch yet (a lagging ListJobs/ListTasks, a
 * lost response, an earlier leader's call in flight), and a launch that never shows is replaced
 * once its grace is over.
 */
class WorkersToDeleteTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String UID = "6f1d0f0e-0000-4000-8000-000000000003";
  private final MutableClock clock = new MutableClock(T0);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final ClusterReconciler reconciler = reconciler();

  private ClusterReconciler reconciler() {
    return new ClusterReconciler(
        TestCoreParts.with(clock, BackendType.LOCAL, backend).statusTo(written).build());
  }

  private static AwsCluster cluster(int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("sim")
            .withNamespace("research")
            .withUid(UID)
            .withGeneration(1L)
            .build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    spec.setRegistrationTimeout("1h"); // no registration deadline in these tests
    cluster.setSpec(spec);
    return cluster;
  }

  private AwsClusterStatus last() {
    return written.get(written.size() - 1);
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
