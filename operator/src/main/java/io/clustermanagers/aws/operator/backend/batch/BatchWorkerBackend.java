package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.PartialLaunch;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.aws.CreatingCalls;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * Workers as AWS Batch jobs: one array job per launch of two or more workers (a plain job for one),
 * each array child {@code parentId:index} one worker (see {@link ArrayJobs}); with {@code
 * spec.batch.multiNode}, one multi-node parallel job per launch, each node {@code jobId#index} one
 * worker (see {@link MultiNodeJobs}). Jobs carry deterministic names (see {@link BatchJobNames}),
 * so observing is ListJobs with a name prefix plus, per unfinished array, one DescribeJobs (≤100
 * ids per call, for its status summary) and one ListJobs of its children only when that summary
 * moved: a handful of calls, never one per worker.
 */
public final class BatchWorkerBackend implements WorkerBackend {
  /** Batch's largest array. */
  static final int MAX_ARRAY_SIZE = 10_000;

  private final AwsClientFactory aws;
  private final TokenDelivery tokens;
  private final QueueDirectory queues;
  private final JobDefinitionResolver definitions;
  private final SubmitRateLimiter submitLimiter;
  private final MultiNodeJobs multiNodes;
  private final ArrayJobs arrays;

  /** What the last launch learned of the queue, to tell whether the current replicas fit. */
  private record Capacity(String queue, Optional<Double> vcpusPerWorker, JobQueueInfo info) {}

  private final Map<String, Capacity> capacities = new ConcurrentHashMap<>();

  /** With the token delivery of {@code aws}'s settings, for one backend on its own. */
  public BatchWorkerBackend(AwsClientFactory aws, Clock clock) {
    this(aws, clock, TokenDelivery.of(aws.settings().tokenDelivery(), aws));
  }

  public BatchWorkerBackend(AwsClientFactory aws, Clock clock, TokenDelivery tokens) {
    this(aws, clock, tokens, SubmitRateLimiter.systemWide(50));
  }

  BatchWorkerBackend(
      AwsClientFactory aws, Clock clock, TokenDelivery tokens, SubmitRateLimiter submitLimiter) {
    this.aws = aws;
    this.tokens = tokens;
    this.queues = new QueueDirectory(clock);
    this.definitions = new JobDefinitionResolver(clock);
    this.submitLimiter = submitLimiter;
    NamedSubmission submission = new NamedSubmission(NamedSubmission.Pause.SLEEP);
    this.multiNodes = new MultiNodeJobs(clock, submission);
    this.arrays = new ArrayJobs(clock, submission);
  }

  /**
   * Every job of the group in its queue. A queue that does not exist holds no jobs (deleting a
   * queue terminates its jobs), so a cluster whose queue is gone can still be deleted; launching
   * into it fails with a permanent error instead.
   */
  @Override
  public List<BackendWorker> observe(WorkerGroup group) throws BackendException {
    BatchTarget target = target(group);
    if (queues.find(target).isEmpty()) {
      return List.of();
    }
    List<BatchJob> listed =
        target.jobs().listByName(target.queue(), BatchJobNames.prefix(group) + "*");
    return isMultiNode(group)
        ? multiNodes.observe(group, target, listed)
        : arrays.observe(group, target, listed);
  }

  @Override
  public List<BackendWorker> launch(WorkerGroup group, LaunchRequest request)
      throws BackendException {
    String named = group.spec().getBatch().getJobDefinition();
    if (named == null || named.isBlank()) {
      tokens.checkTemplateRole(group.spec().getTemplate(), "spec.batch.jobDefinition");
    }
    BatchTarget target = target(group);
    JobQueueInfo queue = queues.require(target);
    ResolvedJobDefinition definition = definitions.resolve(target, group.spec());
    if (isMultiNode(group)) {
      MultiNodeLaunchCheck.check(group, target.queue(), definition, queue, request.count());
      return multiNodes.launch(
          group,
          target,
          definition,
          tokens.agentEnvironment(group, region(group)),
          request.first(),
          request.count(),
          submitLimiter);
    }
    Map<String, String> tokenEnvironment;
    try {
      checkCapacity(target, group, definition, queue);
      tokenEnvironment = tokens.agentEnvironment(group, region(group));
    } catch (BackendException e) {
      throw e.withPartialLaunch(PartialLaunch.known(List.of())); // no SubmitJob was sent
    }
    List<BackendWorker> launched = new ArrayList<>();
    for (long first = request.first(); first < request.end(); first += MAX_ARRAY_SIZE) {
      int size = (int) Math.min(MAX_ARRAY_SIZE, request.end() - first);
      try {
        launched.addAll(launchOne(group, target, definition, tokenEnvironment, first, size));
      } catch (BackendException e) {
        // The later arrays were never submitted; this one may exist (a lost answer) unless Batch
        // certainly refused it (throttled, a 4xx, no connection).
        throw e.withPartialLaunch(
            CreatingCalls.createdNothing(e)
                ? PartialLaunch.known(launched)
                : new PartialLaunch(launched, first, first + size));
      }
    }
    return launched;
  }

  /**
   * Terminates the workers' jobs (CancelJob would leave a running job running): an array whose
   * every running child is to stop with one TerminateJob on its parent, other workers one by one.
   */
  @Override
  /** The job's name is listed before any SubmitJob ({@link NamedSubmission}). */
  public boolean adoptsRepeatedLaunches() {
    return true;
  }

  @Override
  public void stop(WorkerGroup group, Collection<String> workerIds, String reason)
      throws BackendException {
    BatchTarget target = target(group);
    if (isMultiNode(group)) {
      multiNodes.stop(group, target, workerIds, reason);
      return;
    }
    arrays.stop(group, target, workerIds, reason);
  }

  /** A multi-node job is stopped whole, with one TerminateJob. */
  @Override
  public void stopGang(
      WorkerGroup group, String gangId, Collection<String> workerIds, String reason)
      throws BackendException {
    if (!isMultiNode(group)) {
      stop(group, workerIds, reason);
      return;
    }
    multiNodes.stopJob(group, target(group), gangId, reason);
  }

  @Override
  public void release(WorkerGroup group) throws BackendException {
    tokens.release(group, region(group));
    multiNodes.forget(group);
    arrays.forget(group);
    capacities.remove(group.uid());
  }

  /**
   * A warning when the current replicas cannot all fit the queue at once, from what the last launch
   * learned of the queue (no AWS call); it goes away when a scale-down makes them fit.
   */
  @Override
  public List<String> advisories(WorkerGroup group) {
    Capacity capacity = capacities.get(group.uid());
    if (capacity == null) {
      return List.of();
    }
    int replicas = group.spec().getReplicas() == null ? 1 : group.spec().getReplicas();
    return CapacityCheck.replicasFit(
            capacity.queue(), replicas, capacity.vcpusPerWorker(), capacity.info())
        .stream()
        .toList();
  }

  private List<BackendWorker> launchOne(
      WorkerGroup group,
      BatchTarget target,
      ResolvedJobDefinition definition,
      Map<String, String> tokenEnvironment,
      long first,
      int size)
      throws BackendException {
    try {
      submitLimiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure("Interrupted", "interrupted before SubmitJob", e);
    }
    return arrays.launch(
        group,
        target,
        JobSubmissions.request(
            group, target.queue(), definition.reference(), tokenEnvironment, first, size),
        first,
        size);
  }

  private void checkCapacity(
      BatchTarget target, WorkerGroup group, ResolvedJobDefinition definition, JobQueueInfo queue)
      throws BackendException {
    AwsClusterSpec spec = group.spec();
    int replicas = spec.getReplicas() == null ? 1 : spec.getReplicas();
    int minReady = spec.getMinReady() == null ? replicas : spec.getMinReady();
    Optional<BackendException> tooSmall =
        CapacityCheck.minReadyFits(target.queue(), minReady, definition.vcpus(), queue);
    if (tooSmall.isPresent()) {
      throw tooSmall.get();
    }
    capacities.put(group.uid(), new Capacity(target.queue(), definition.vcpus(), queue));
  }

  private static boolean isMultiNode(WorkerGroup group) {
    return group.spec().getBatch() != null && group.spec().getBatch().getMultiNode() != null;
  }

  private static Optional<String> region(WorkerGroup group) {
    return Optional.ofNullable(group.spec().getBatch())
        .map(b -> b.getRegion())
        .filter(r -> !r.isBlank());
  }

  private BatchTarget target(WorkerGroup group) throws BackendException {
    BatchClient client = aws.batch(region(group));
    return new BatchTarget(
        client.serviceClientConfiguration().region().id(),
        group.spec().getBatch().getJobQueue(),
        new BatchJobsApi(client),
        new BatchResourcesApi(client));
  }
}
