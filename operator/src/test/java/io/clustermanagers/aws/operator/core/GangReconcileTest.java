package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.GangNode;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler with a gang backend: a gang is stopped with one call, launched with one. */
class GangReconcileTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String UID = "6f1d0f0e-0000-4000-8000-000000000002";

  private final TestingWorkerBackend gangs = new TestingWorkerBackend(clock).partialLaunch(0);

  private ClusterReconciler reconciler(List<AwsClusterStatus> written) {
    return TestCoreParts.with(clock, BackendType.BATCH, gangs).statusTo(written).reconciler();
  }

  private static AwsCluster cluster(int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("mpi")
            .withNamespace("research")
            .withUid(UID)
            .withGeneration(2L)
            .build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(replicas);
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue("mnp");
    spec.getBatch().setJobDefinition("mnp-worker");
    spec.getBatch().setMultiNode(new MultiNodeSpec());
    cluster.setSpec(spec);
    return cluster;
  }

  @Test
  void aNewNodeCountIsOneStopOfTheOldJobAndOneLaunchOfTheNew() {
    for (int i = 0; i < 4; i++) {
      gangs.add(
          UID,
          new BackendWorker(
              "j1#" + i,
              i,
              WorkerPhase.RUNNING,
              clock.instant(),
              Optional.of(clock.instant()),
              Optional.empty(),
              false,
              "",
              false,
              Optional.of(new GangNode("j1", 4, i, i == 0))));
    }
    List<AwsClusterStatus> written = new ArrayList<>();

    reconciler(written).reconcile(cluster(8));

    assertThat(gangs.calls())
        .containsExactly(
            "launch 4 8",
            "stopGang j1 4: replacing the 4-node job j1 with an 8-node job: a multi-node job"
                + " cannot be resized");
    assertThat(written.get(0).getNextLaunchSequence()).as("intent before the launch").isEqualTo(12);
    assertThat(written.get(written.size() - 1).getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Progressing");
              assertThat(c.getReason()).isEqualTo("ReplacingGang");
              assertThat(c.getMessage())
                  .isEqualTo("replacing the 4-node job j1 with an 8-node job");
            });
  }

  @Test
  void deletingStopsEachJobWhole() {
    for (int i = 0; i < 3; i++) {
      gangs.add(
          UID,
          new BackendWorker(
              "j2#" + i,
              10 + i,
              WorkerPhase.RUNNING,
              clock.instant(),
              Optional.of(clock.instant()),
              Optional.empty(),
              false,
              "",
              false,
              Optional.of(new GangNode("j2", 3, i, i == 0))));
    }

    ReconcileResult result = reconciler(new ArrayList<>()).cleanup(cluster(3));

    assertThat(gangs.calls()).containsExactly("stopGang j2 3: the AwsCluster was deleted");
    assertThat(result.done()).as("done only once the job has ended").isFalse();
  }

  @Test
  void suspendingTwoJobsIsOneStopPerJobAndOneEvent() {
    for (String gang : List.of("j3", "j4")) {
      for (int i = 0; i < 2; i++) {
        gangs.add(
            UID,
            new BackendWorker(
                gang + "#" + i,
                (gang.equals("j3") ? 20 : 30) + i,
                WorkerPhase.RUNNING,
                clock.instant(),
                Optional.of(clock.instant()),
                Optional.empty(),
                false,
                "",
                false,
                Optional.of(new GangNode(gang, 2, i, i == 0))));
      }
    }
    List<PlanNote> events = new ArrayList<>();
    AwsCluster suspended = cluster(2);
    suspended.getSpec().setSuspend(true);

    TestCoreParts.with(clock, BackendType.BATCH, gangs)
        .eventsTo(events)
        .reconciler()
        .reconcile(suspended);

    assertThat(gangs.calls())
        .containsExactly(
            "stopGang j3 2: stopping the 2-node job j3: the cluster is suspended",
            "stopGang j4 2: stopping the 2-node job j4: the cluster is suspended");
    assertThat(events)
        .filteredOn(n -> n.reason().equals("Stopping"))
        .extracting(PlanNote::message)
        .containsExactly("stopping 2 multi-node jobs: the cluster is suspended");
  }
}
