package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.AwsFailures;
import io.clustermanagers.aws.operator.backend.aws.CreatingCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ArrayPropertiesDetail;
import software.amazon.awssdk.services.batch.model.ArrayPropertiesSummary;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.ListJobsRequest;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/** The job calls through the SDK, each wrapped into a {@link BackendException} on failure. */
final class BatchJobsApi implements BatchJobs {
  /** DescribeJobs takes at most this many ids per call. */
  static final int DESCRIBE_BATCH = 100;

  private final BatchClient batch;

  BatchJobsApi(BatchClient batch) {
    this.batch = batch;
  }

  /**
   * Every job in the queue whose name matches {@code pattern} (a trailing {@code *} is a prefix
   * match; with a filter ListJobs returns every status). Array children and multi-node nodes are
   * left out: real Batch does not list them here, some emulators do.
   */
  @Override
  public List<BatchJob> listByName(String queue, String pattern) throws BackendException {
    ListJobsRequest.Builder request =
        ListJobsRequest.builder()
            .jobQueue(queue)
            .filters(KeyValuesPair.builder().name("JOB_NAME").values(pattern).build());
    return list(request, "ListJobs on queue " + queue).stream()
        .filter(j -> !j.isArrayChild() && !j.isNode())
        .toList();
  }

  /**
   * The nodes of a multi-node job ({@code jobId#index}), one ListJobs per status: without a status
   * Batch lists the RUNNING nodes only, and a multi-node job has no status summary to say which
   * statuses are worth asking for.
   */
  @Override
  public List<BatchJob> listNodes(String jobId) throws BackendException {
    return listEachStatus(
            () -> ListJobsRequest.builder().multiNodeJobId(jobId),
            BatchJob.STATUSES,
            "ListJobs of multi-node job " + jobId)
        .stream()
        .filter(BatchJob::isNode)
        .toList();
  }

  /** The children of an array job with one of {@code statuses}, one ListJobs per status. */
  @Override
  public List<BatchJob> listChildren(String arrayJobId, Set<String> statuses)
      throws BackendException {
    return listEachStatus(
        () -> ListJobsRequest.builder().arrayJobId(arrayJobId),
        statuses,
        "ListJobs of array job " + arrayJobId);
  }

  /**
   * ListJobs once per status (in Batch's order), each job once: a child that changed status between
   * two calls shows in both.
   */
  private List<BatchJob> listEachStatus(
      Supplier<ListJobsRequest.Builder> request, Set<String> statuses, String action)
      throws BackendException {
    Map<String, BatchJob> byId = new LinkedHashMap<>();
    for (String status : BatchJob.STATUS_ORDER) {
      if (statuses.contains(status)) {
        for (BatchJob job : list(request.get().jobStatus(status), action + " (" + status + ")")) {
          byId.putIfAbsent(job.id(), job);
        }
      }
    }
    return List.copyOf(byId.values());
  }

  /** The details of the jobs, in calls of at most 100 ids. */
  @Override
  public List<BatchJob> describe(Collection<String> ids) throws BackendException {
    List<String> all = List.copyOf(ids);
    List<BatchJob> jobs = new ArrayList<>();
    for (int from = 0; from < all.size(); from += DESCRIBE_BATCH) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + DESCRIBE_BATCH));
      try {
        batch.describeJobs(b -> b.jobs(chunk)).jobs().stream()
            .map(BatchJobsApi::fromDetail)
            .forEach(jobs::add);
      } catch (SdkException e) {
        throw AwsFailures.classify("DescribeJobs of " + chunk.size() + " jobs", e);
      }
    }
    return jobs;
  }

  /**
   * Submits a job and returns its id. Not retried by the SDK unless Batch certainly did nothing
   * (see {@link CreatingCalls}): a lost answer may come after the job was created.
   */
  @Override
  public String submit(SubmitJobRequest request) throws BackendException {
    try {
      return batch
          .submitJob(request.toBuilder().overrideConfiguration(CreatingCalls.override()).build())
          .jobId();
    } catch (SdkException e) {
      throw AwsFailures.classify(
          "SubmitJob " + request.jobName() + " on queue " + request.jobQueue(), e);
    }
  }

  /**
   * Terminates a job (CancelJob would not stop a running one). A job Batch does not know is not an
   * error: stopping must be safe to repeat.
   */
  @Override
  public void terminate(String jobId, String reason) throws BackendException {
    try {
      batch.terminateJob(b -> b.jobId(jobId).reason(reason));
    } catch (AwsServiceException e) {
      if (e.statusCode() != 400 || e.isThrottlingException()) {
        throw AwsFailures.classify("TerminateJob " + jobId, e);
      }
    } catch (SdkException e) {
      throw AwsFailures.classify("TerminateJob " + jobId, e);
    }
  }

  private List<BatchJob> list(ListJobsRequest.Builder request, String action)
      throws BackendException {
    List<BatchJob> jobs = new ArrayList<>();
    String token = null;
    try {
      do {
        ListJobsResponse page = batch.listJobs(request.nextToken(token).maxResults(1000).build());
        page.jobSummaryList().stream().map(BatchJobsApi::fromSummary).forEach(jobs::add);
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (SdkException e) {
      throw AwsFailures.classify(action, e);
    }
    return jobs;
  }

  private static BatchJob fromSummary(JobSummary s) {
    ArrayPropertiesSummary array = s.arrayProperties();
    return new BatchJob(
        s.jobId(),
        s.jobName(),
        s.statusAsString(),
        s.statusReason(),
        Optional.ofNullable(s.container()).map(c -> c.exitCode()),
        instant(s.createdAt()).orElse(Instant.EPOCH),
        instant(s.startedAt()),
        instant(s.stoppedAt()),
        Optional.ofNullable(array).map(ArrayPropertiesSummary::size),
        Map.of(),
        Optional.ofNullable(s.nodeProperties())
            .map(
                n ->
                    new BatchJob.NodeFacts(
                        Optional.ofNullable(n.numNodes()),
                        Optional.empty(),
                        Optional.ofNullable(n.nodeIndex())))
            .orElse(BatchJob.NodeFacts.NONE));
  }

  private static BatchJob fromDetail(JobDetail d) {
    ArrayPropertiesDetail array = d.arrayProperties();
    return new BatchJob(
        d.jobId(),
        d.jobName(),
        d.statusAsString(),
        d.statusReason(),
        Optional.ofNullable(d.container()).map(c -> c.exitCode()),
        instant(d.createdAt()).orElse(Instant.EPOCH),
        instant(d.startedAt()),
        instant(d.stoppedAt()),
        Optional.ofNullable(array).map(ArrayPropertiesDetail::size),
        array == null || !array.hasStatusSummary() ? Map.of() : array.statusSummary(),
        new BatchJob.NodeFacts(
            Optional.ofNullable(d.nodeProperties()).map(n -> n.numNodes()),
            Optional.ofNullable(d.nodeProperties()).map(n -> n.mainNode()),
            Optional.ofNullable(d.nodeDetails()).map(n -> n.nodeIndex())));
  }

  private static Optional<Instant> instant(Long epochMillis) {
    return epochMillis == null || epochMillis <= 0
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(epochMillis));
  }
}
