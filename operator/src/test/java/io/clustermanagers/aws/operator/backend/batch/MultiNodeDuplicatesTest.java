package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two multi-node jobs of one launch (one name) against {@link FakeBatchJobs}. */
class MultiNodeDuplicatesTest {
  private final FakeBatchJobs batch = new FakeBatchJobs();
  private final BatchTarget target = new BatchTarget("us-east-1", "mnp", batch, null);
  private final MultiNodeJobs jobs =
      new MultiNodeJobs(
          Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC),
          new NamedSubmission(d -> {}));
  private final WorkerGroup group = group();

  @Test
  void aSecondJobOfTheSameNameIsTerminatedOnceAndLeftOut() throws Exception {
    // A former leader's SubmitJob still in flight, or an answer lost and the call sent again.
    String oldest = batch.submitMultiNodeDirectly(BatchJobNames.name(group, 0), 4);
    String duplicate = batch.submitMultiNodeDirectly(BatchJobNames.name(group, 0), 4);

    List<BackendWorker> first = observe();
    List<BackendWorker> second = observe();

    assertThat(first).hasSize(4).allMatch(w -> w.id().startsWith(oldest + "#"));
    assertThat(first).extracting(BackendWorker::launchSequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(batch.terminated).containsExactly(duplicate);
    assertThat(batch.job(duplicate).isTerminal()).isTrue();
    assertThat(second).hasSize(4).allMatch(w -> w.id().startsWith(oldest + "#"));
    assertThat(batch.count("TerminateJob")).as("terminated once, not on every observe").isOne();
  }

  private List<BackendWorker> observe() throws Exception {
    return jobs.observe(group, target, batch.listByName("mnp", BatchJobNames.prefix(group) + "*"));
  }

  private static WorkerGroup group() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(4);
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue("mnp");
    spec.getBatch().setJobDefinition("mnp-worker");
    spec.getBatch().setMultiNode(new MultiNodeSpec());
    return new WorkerGroup(
        new ClusterKey("research", "mpi"),
        "0f0e0d0c-0b0a-0908-0706-050403020100",
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "t"));
  }
}
