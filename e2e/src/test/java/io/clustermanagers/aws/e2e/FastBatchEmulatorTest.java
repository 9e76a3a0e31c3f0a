package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.batch.BatchWorkerBackend;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' {@link FastBatchEmulator} is good enough for the operator's Batch backend: it
 * launches, observes and stops workers against it as against Batch (behaviour only, no timings).
 */
class FastBatchEmulatorTest {
  private FastBatchEmulator aws;
  private AwsClientFactory clients;
  private BatchWorkerBackend backend;

  @BeforeEach
  void start() throws Exception {
    aws = FastBatchEmulator.start(256);
    clients =
        new AwsClientFactory(
            new AwsSettings(
                Optional.of(aws.endpoint()),
                Optional.of(FastBatchEmulator.REGION),
                Optional.of(MotoServer.CREDENTIALS),
                List.of()));
    backend = new BatchWorkerBackend(clients, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    backend.close();
    clients.close();
    aws.close();
  }

  @Test
  void anArrayIsLaunchedObservedRunningAndStoppedThroughItsParent() throws Exception {
    WorkerGroup group = group();
    List<BackendWorker> launched = backend.launch(group, new LaunchRequest(0, 3));
    assertThat(launched).hasSize(3);
    assertThat(aws.count("SubmitJob")).isEqualTo(1);
    assertThat(aws.secrets()).as("the token's secret").isEqualTo(1);

    List<BackendWorker> observed = backend.observe(group);
    assertThat(observed).extracting(BackendWorker::phase).containsOnly(WorkerPhase.RUNNING);
    assertThat(observed)
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(0L, 1L, 2L);
    assertThat(observed)
        .extracting(BackendWorker::id)
        .allSatisfy(id -> assertThat(id).contains(":"));

    backend.stop(group, observed.stream().map(BackendWorker::id).toList(), "scaled down");
    assertThat(aws.count("TerminateJob")).as("one call on the parent").isEqualTo(1);
    assertThat(aws.unfinishedJobs()).isZero();
    assertThat(backend.observe(group))
        .hasSize(3)
        .allSatisfy(w -> assertThat(w.phase().isTerminal()).isTrue());

    backend.release(group);
    assertThat(aws.secrets()).isZero();
  }

  @Test
  void aSecondLaunchAddsAJobAndAScaleDownStopsOneChild() throws Exception {
    WorkerGroup group = group();
    backend.launch(group, new LaunchRequest(0, 2));
    backend.launch(group, new LaunchRequest(2, 1));
    assertThat(aws.count("CreateSecret")).isEqualTo(1);
    List<BackendWorker> observed = backend.observe(group);
    assertThat(observed)
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(0L, 1L, 2L);

    String second =
        observed.stream().filter(w -> w.launchSequence() == 1).findFirst().orElseThrow().id();
    backend.stop(group, List.of(second), "scaled down");
    assertThat(backend.observe(group))
        .filteredOn(w -> !w.phase().isTerminal())
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(0L, 2L);
  }

  @Test
  void aJobHeldRunnableIsPendingWithBatchsReason() throws Exception {
    aws.holdNewJobsIn("RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - none");
    WorkerGroup group = group();
    backend.launch(group, new LaunchRequest(0, 2));
    assertThat(backend.observe(group))
        .hasSize(2)
        .allSatisfy(
            w -> {
              assertThat(w.phase()).isEqualTo(WorkerPhase.PENDING);
              assertThat(w.reason()).contains("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY");
            });
  }

  private WorkerGroup group() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(3);
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue(aws.jobQueue());
    spec.getBatch().setJobDefinition(aws.jobDefinition());
    return new WorkerGroup(
        new ClusterKey("research", "sim"),
        UUID.randomUUID().toString(),
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "secret-token"));
  }
}
