package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.batch.BatchWorkerBackend;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * No duplicate Batch arrays, checked in the emulator's own state: the Batch backend against moto
 * behind {@link BatchStateProxy} (jobs held RUNNING; termination of an array parent ending its
 * children is emulated there, moto does not cascade) and an {@link AnswerDroppingProxy} that lets
 * moto create the job, then loses SubmitJob's answer.
 */
class BatchNoDuplicatesIT {
  private static MotoBatchWorld aws;
  private static AnswerDroppingProxy network;
  private AwsClientFactory clients;
  private BatchWorkerBackend backend;

  @BeforeAll
  static void start() throws Exception {
    aws = MotoBatchWorld.start();
    network = new AnswerDroppingProxy(aws.proxy.endpoint());
  }

  @AfterAll
  static void stop() {
    if (network != null) {
      network.close();
    }
    if (aws != null) {
      aws.close();
    }
  }

  @BeforeEach
  void createBackend() {
    network.clear();
    aws.proxy.holdNewJobsIn("RUNNING", null);
    clients = new AwsClientFactory(MotoServer.settings(network.endpoint(), aws.calls()));
    backend = new BatchWorkerBackend(clients, Clock.systemUTC());
  }

  @AfterEach
  void closeBackend() {
    backend.close();
    clients.close();
  }

  /**
   * The SubmitJob reaches moto, its answer is lost: the launch lists the name after a pause, finds
   * the array and adopts it (NamedSubmission), without a second SubmitJob and without waiting out
   * the core's launch grace; a launch of the same sequences again adopts it too.
   */
  @Test
  void aLostSubmitJobAnswerLeavesExactlyOneArrayWhichTheLaunchFindsByNameAndAdopts()
      throws Exception {
    WorkerGroup group = group();
    network.dropAnswers("SubmitJob", 1);

    List<BackendWorker> launched = backend.launch(group, new LaunchRequest(0, 5));

    assertThat(network.dropped()).isEqualTo(1);
    assertThat(network.arrived("SubmitJob")).as("not sent again").isEqualTo(1);
    assertThat(jobsNamed(group, 0)).as("arrays in moto").hasSize(1);
    String array = jobsNamed(group, 0).get(0).jobId();
    assertThat(launched)
        .extracting(BackendWorker::id)
        .containsExactlyInAnyOrder(
            array + ":0", array + ":1", array + ":2", array + ":3", array + ":4");

    List<BackendWorker> again = backend.launch(group, new LaunchRequest(0, 5));

    assertThat(network.arrived("SubmitJob")).as("listed by name, not submitted").isEqualTo(1);
    assertThat(jobsNamed(group, 0)).hasSize(1);
    assertThat(again)
        .extracting(BackendWorker::id)
        .containsExactlyInAnyOrderElementsOf(launched.stream().map(BackendWorker::id).toList());
  }

  @Test
  void aSecondArrayOfTheSameNameIsTerminatedAndTheOldestKept() throws Exception {
    WorkerGroup group = group();
    backend.launch(group, new LaunchRequest(0, 3));
    String kept = jobsNamed(group, 0).get(0).jobId();
    // a former leader's SubmitJob, still in flight when the new leader launched the same sequences
    String duplicate =
        aws.admin()
            .submitJob(
                b ->
                    b.jobName("acm-" + group.uid().replace("-", "") + "-0")
                        .jobQueue(aws.stack().jobQueue())
                        .jobDefinition(aws.stack().jobDefinition())
                        .arrayProperties(a -> a.size(3)))
            .jobId();

    List<BackendWorker> seen = backend.observe(group);

    assertThat(seen)
        .extracting(BackendWorker::id)
        .containsExactlyInAnyOrder(kept + ":0", kept + ":1", kept + ":2");
    Map<String, String> statuses = aws.proxy.statuses();
    for (int i = 0; i < 3; i++) {
      assertThat(statuses.get(kept + ":" + i)).isEqualTo("RUNNING");
      assertThat(statuses.get(duplicate + ":" + i)).isEqualTo("FAILED");
    }
    assertThat(
            aws.proxy.terminatedWith("aws-cluster-operator:").stream()
                .filter(id -> id.startsWith(kept) || id.startsWith(duplicate)))
        .containsExactlyInAnyOrder(duplicate + ":0", duplicate + ":1", duplicate + ":2");
    assertThat(network.arrived("TerminateJob")).as("through the parent, once").isEqualTo(1);
  }

  @Test
  void stoppingEveryChildOfAnArrayIsOneTerminateJob() throws Exception {
    WorkerGroup group = group();
    List<String> ids =
        backend.launch(group, new LaunchRequest(0, 50)).stream().map(BackendWorker::id).toList();
    backend.observe(group);

    backend.stop(group, ids, "the cluster is suspended");

    assertThat(network.arrived("TerminateJob")).isEqualTo(1);
    assertThat(backend.observe(group))
        .hasSize(50)
        .allSatisfy(w -> assertThat(w.isEnded() && w.stopRequested()).isTrue());
  }

  private List<JobSummary> jobsNamed(WorkerGroup group, long first) {
    String name = "acm-" + group.uid().replace("-", "") + "-" + first;
    return aws
        .admin()
        .listJobs(
            b -> b.jobQueue(aws.stack().jobQueue()).filters(f -> f.name("JOB_NAME").values(name)))
        .jobSummaryList()
        .stream()
        .filter(j -> j.jobId().indexOf(':') < 0)
        .toList();
  }

  private static WorkerGroup group() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue(aws.stack().jobQueue());
    spec.getBatch().setJobDefinition(aws.stack().jobDefinition());
    return new WorkerGroup(
        new ClusterKey("research", "dup"),
        UUID.randomUUID().toString(),
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "secret-token"));
  }
}
