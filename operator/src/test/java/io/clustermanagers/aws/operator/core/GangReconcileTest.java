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
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.metrics.MicrometerClusterMetrics;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler with a gang backend: a gang is stopped with one call, launched with one. */
class GangReconcileTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final List<String> calls = new ArrayList<>();
  private final List<BackendWorker> nodes = new ArrayList<>();

  private final WorkerBackend gangs =
      new WorkerBackend() {
        @Override
        public List<BackendWorker> observe(WorkerGroup group) {
          return List.copyOf(nodes);
        }

        @Override
        public List<BackendWorker> launch(WorkerGroup group, LaunchRequest request) {
          calls.add("launch " + request.first() + " " + request.count());
          return List.of();
        }

        @Override
        public void stop(WorkerGroup group, Collection<String> ids, String reason) {
          calls.add("stop " + ids);
        }

        @Override
        public void stopGang(
            WorkerGroup group, String gangId, Collection<String> ids, String reason) {
          calls.add("stopGang " + gangId + " " + ids.size() + ": " + reason);
        }
      };

  private ClusterReconciler reconciler(List<AwsClusterStatus> written) {
    return new ClusterReconciler(
        new CoreParts(
            new SpecValidator(java.util.Set.of(BackendType.BATCH)),
            new WorkerBackends(Map.of(BackendType.BATCH, gangs)),
            new WorkerRegistry(clock, key -> {}),
            new WorkerPlanner(PlannerPolicy.DEFAULT),
            new StatusCalculator(50, 3),
            new StatusRecorder(
                (cluster, base, status) -> {
                  written.add(status);
                  return null;
                }),
            (cluster, note) -> {},
            new MicrometerClusterMetrics(new SimpleMeterRegistry()),
            c -> "token-1",
            WorkersService.NONE,
            WorkersToDeleteEditor.NONE,
            WorkerQuota.unlimited(),
            "http://127.0.0.1:1",
            ReconcileTiming.DEFAULT,
            clock));
  }

  private static AwsCluster cluster(int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("mpi")
            .withNamespace("research")
            .withUid("6f1d0f0e-0000-4000-8000-000000000002")
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
      nodes.add(
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

    assertThat(calls)
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
      nodes.add(
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

    assertThat(calls).containsExactly("stopGang j2 3: the AwsCluster was deleted");
    assertThat(result.done()).as("done only once the job has ended").isFalse();
  }
}
