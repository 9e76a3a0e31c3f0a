package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/** The array-job logic against {@link FakeBatchJobs}: adoption, duplicates, whole-array stops. */
class ArrayJobsTest {
  private final FakeBatchJobs batch = new FakeBatchJobs();
  private final BatchTarget target = new BatchTarget("us-east-1", "workers", batch, null);
  private final ArrayJobs arrays =
      new ArrayJobs(
          Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC),
          new NamedSubmission(d -> {}));
  private final WorkerGroup group =
      new WorkerGroup(
          new ClusterKey("research", "sim"),
          "0b5e9a7c-1d2e-4f3a-8b9c-0d1e2f3a4b5c",
          new AwsClusterSpec(),
          new CoordinatorAccess("http://127.0.0.1:1", "token"));

  @Test
  void aJobWhoseAnswerWasLostIsAdoptedInsteadOfSubmittedAgain() throws Exception {
    String lost = batch.submitDirectly(BatchJobNames.name(group, 0), 3);

    List<BackendWorker> launched = arrays.launch(group, target, request(0, 3), 0, 3);

    assertThat(batch.count("SubmitJob")).isZero();
    assertThat(launched)
        .extracting(BackendWorker::id)
        .containsExactlyInAnyOrder(lost + ":0", lost + ":1", lost + ":2");
  }

  @Test
  void aNewerArrayOfTheSameNameIsTerminatedWholeAndLeftOut() throws Exception {
    String oldest = batch.submitDirectly(BatchJobNames.name(group, 0), 3);
    String duplicate = batch.submitDirectly(BatchJobNames.name(group, 0), 3);

    List<BackendWorker> seen = observe();

    assertThat(seen)
        .extracting(BackendWorker::id)
        .containsExactlyInAnyOrder(oldest + ":0", oldest + ":1", oldest + ":2");
    assertThat(batch.terminated).containsExactly(duplicate);
    assertThat(batch.job(duplicate + ":2").status()).isEqualTo("FAILED");
    assertThat(batch.job(duplicate + ":2").statusReason())
        .startsWith(BatchWorkerMapping.STOP_REASON_PREFIX)
        .contains("duplicate of job " + oldest);
    assertThat(batch.job(oldest + ":2").status()).isEqualTo("RUNNING");

    observe();
    assertThat(batch.count("TerminateJob")).as("terminated once").isEqualTo(1);
  }

  @Test
  void stoppingEveryRunningChildIsOneTerminateJobOnTheParent() throws Exception {
    List<BackendWorker> launched = arrays.launch(group, target, request(0, 4), 0, 4);
    observe();

    arrays.stop(group, target, launched.stream().map(BackendWorker::id).toList(), "suspended");

    String parent = batch.terminated.get(0);
    assertThat(batch.terminated).containsExactly(parent);
    assertThat(parent).doesNotContain(":");
    assertThat(observe())
        .hasSize(4)
        .allSatisfy(
            w -> {
              assertThat(w.phase()).isEqualTo(WorkerPhase.FAILED);
              assertThat(w.stopRequested()).isTrue();
            });
  }

  @Test
  void stoppingSomeChildrenIsOneCallEachThenTheRestThroughTheParent() throws Exception {
    List<String> ids =
        arrays.launch(group, target, request(0, 4), 0, 4).stream().map(BackendWorker::id).toList();
    observe();

    arrays.stop(group, target, ids.subList(0, 2), "scaling down");
    assertThat(batch.terminated).containsExactlyElementsOf(ids.subList(0, 2));

    observe();
    arrays.stop(group, target, ids.subList(2, 4), "scaling down to 0");
    assertThat(batch.terminated).hasSize(3);
    assertThat(batch.terminated.get(2)).isEqualTo(ids.get(0).substring(0, ids.get(0).indexOf(':')));
  }

  @Test
  void withoutAReadingOfTheChildrenEachIsTerminatedAlone() throws Exception {
    String parent = batch.submitDirectly(BatchJobNames.name(group, 0), 2);

    arrays.stop(group, target, List.of(parent + ":0", parent + ":1"), "deleted");

    assertThat(batch.terminated).containsExactly(parent + ":0", parent + ":1");
  }

  @Test
  void childrenOfEveryStatusAreObservedWithOneListingPerStatusPresent() throws Exception {
    // Batch lists an array's children by one status per call, RUNNING when none is given: a
    // listing of RUNNING children only would miss the queued (and launch them again) and the
    // ended (and never replace them).
    String parent = batch.submitDirectly(BatchJobNames.name(group, 0), 4);
    batch.setStatus(parent + ":0", "RUNNABLE");
    batch.setStatus(parent + ":3", "FAILED");
    int before = batch.count("ListJobs");

    List<BackendWorker> observed = observe();

    assertThat(observed)
        .extracting(BackendWorker::id)
        .containsExactlyInAnyOrder(parent + ":0", parent + ":1", parent + ":2", parent + ":3");
    assertThat(observed)
        .filteredOn(w -> w.id().equals(parent + ":0"))
        .extracting(BackendWorker::phase)
        .containsExactly(WorkerPhase.PENDING);
    assertThat(observed)
        .filteredOn(w -> w.id().equals(parent + ":3"))
        .extracting(BackendWorker::phase)
        .containsExactly(WorkerPhase.FAILED);
    // the queue listing, then RUNNABLE, RUNNING and FAILED: not the four statuses with no child
    assertThat(batch.count("ListJobs") - before).isEqualTo(1 + 3);
  }

  private List<BackendWorker> observe() throws Exception {
    return arrays.observe(
        group, target, batch.listByName("workers", BatchJobNames.prefix(group) + "*"));
  }

  private SubmitJobRequest request(long first, int size) {
    return SubmitJobRequest.builder()
        .jobName(BatchJobNames.name(group, first))
        .jobQueue("workers")
        .arrayProperties(a -> a.size(size))
        .build();
  }
}
