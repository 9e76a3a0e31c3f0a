package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.batch.NodeMapping.JobShape;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers as the nodes of AWS Batch multi-node parallel jobs: one job per launch, node {@code i} of
 * the job launched for the sequences from {@code first} on being the worker {@code jobId#i} with
 * sequence {@code first + i}. Observing is the ListJobs by name prefix that arrays use, one
 * DescribeJobs per job the first time it is seen (its node count and main node), and a ListJobs per
 * status of the nodes of each job that starts or runs. Of two jobs with one name the oldest is kept
 * and the other terminated. A job's nodes cannot be stopped one by one: a gang is stopped with one
 * TerminateJob, and a single node asked to stop is only written off (it stops with its job).
 */
final class MultiNodeJobs {
  private static final Logger LOG = LoggerFactory.getLogger(MultiNodeJobs.class);

  /** What is remembered of one cluster's jobs; only a cache, rebuilt from Batch after a restart. */
  private static final class Memory {
    final Map<String, JobShape> shapes = new ConcurrentHashMap<>();
    final Set<String> stopped = ConcurrentHashMap.newKeySet();
    final Set<String> writtenOff = ConcurrentHashMap.newKeySet();
  }

  private final Map<String, Memory> memory = new ConcurrentHashMap<>();
  private final Clock clock;
  private final NamedSubmission submission;

  MultiNodeJobs(Clock clock, NamedSubmission submission) {
    this.clock = clock;
    this.submission = submission;
  }

  List<BackendWorker> observe(WorkerGroup group, BatchTarget target, List<BatchJob> listed)
      throws BackendException {
    Memory remembered = memoryOf(group);
    List<BatchJob> ours =
        withoutDuplicates(
            group,
            target,
            listed.stream()
                .filter(j -> BatchJobNames.firstSequence(group, j.name()).isPresent())
                .toList(),
            remembered);
    learnShapes(ours, remembered, target);
    List<BackendWorker> workers = new ArrayList<>();
    for (BatchJob job : ours) {
      long first = BatchJobNames.firstSequence(group, job.name()).orElseThrow();
      JobShape shape = remembered.shapes.get(job.id());
      Map<Integer, BatchJob> nodes =
          NodeMapping.hasNodes(job)
              ? target.jobs().listNodes(job.id()).stream()
                  .collect(Collectors.toMap(NodeMapping::index, Function.identity(), (a, b) -> a))
              : Map.of();
      boolean jobStopped = remembered.stopped.contains(job.id());
      for (int i = 0; i < shape.numNodes(); i++) {
        String id = job.id() + "#" + i;
        workers.add(
            NodeMapping.node(
                job,
                Optional.ofNullable(nodes.get(i)),
                i,
                shape,
                first,
                jobStopped || remembered.writtenOff.contains(id)));
      }
    }
    return workers;
  }

  /**
   * Submits one job of {@code nodes} nodes for the sequences from {@code first} on, or adopts the
   * job of that name an earlier attempt submitted ({@link NamedSubmission}).
   */
  List<BackendWorker> launch(
      WorkerGroup group,
      BatchTarget target,
      ResolvedJobDefinition definition,
      Map<String, String> tokenEnvironment,
      long first,
      int nodes,
      SubmitRateLimiter limiter)
      throws BackendException {
    String name = BatchJobNames.name(group, first);
    NodeLayout layout = definition.nodes().orElseThrow();
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure("Interrupted", "interrupted before SubmitJob", e);
    }
    NamedSubmission.Outcome outcome =
        submission.submit(
            target,
            JobSubmissions.multiNodeRequest(
                group,
                target.queue(),
                definition.reference(),
                layout,
                tokenEnvironment,
                first,
                nodes));
    if (outcome.submittedId().isEmpty()) {
      LOG.info("adopting multi-node job {} of {}: it exists already", name, group.key());
      return observe(group, target, outcome.existing());
    }
    String jobId = outcome.submittedId().get();
    JobShape shape = new JobShape(nodes, layout.mainNode());
    memoryOf(group).shapes.put(jobId, shape);
    BatchJob submitted =
        new BatchJob(
            jobId,
            name,
            "SUBMITTED",
            "",
            Optional.empty(),
            clock.instant(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    List<BackendWorker> workers = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      workers.add(NodeMapping.node(submitted, Optional.empty(), i, shape, first, false));
    }
    return workers;
  }

  /**
   * The group's jobs, one per name: a second job of a name (a former leader's SubmitJob still in
   * flight, an answer lost and the call sent again) is terminated once and left out, the oldest
   * kept, as for arrays ({@link DuplicateJobs}).
   */
  private static List<BatchJob> withoutDuplicates(
      WorkerGroup group, BatchTarget target, List<BatchJob> ours, Memory remembered)
      throws BackendException {
    return DuplicateJobs.terminateExtras(
        group, target, ours, remembered.stopped::contains, remembered.stopped::add);
  }

  /** Terminates the whole job; its nodes show as asked to stop from now on. */
  void stopJob(WorkerGroup group, BatchTarget target, String jobId, String reason)
      throws BackendException {
    Memory remembered = memoryOf(group);
    if (remembered.stopped.add(jobId)) {
      target.jobs().terminate(jobId, BatchWorkerMapping.stopReason(reason));
    }
  }

  /**
   * Writes nodes off: Batch cannot stop one node of a running job, so they are only marked asked to
   * stop and end with their job. An id without a node index is a whole job, terminated.
   */
  void stop(WorkerGroup group, BatchTarget target, Collection<String> ids, String reason)
      throws BackendException {
    for (String id : ids) {
      if (id.indexOf('#') < 0) {
        stopJob(group, target, id, reason);
      } else {
        memoryOf(group).writtenOff.add(id);
      }
    }
  }

  void forget(WorkerGroup group) {
    memory.remove(group.uid());
  }

  /** DescribeJobs (≤100 ids per call) for the jobs whose node count and main node are unknown. */
  private static void learnShapes(List<BatchJob> jobs, Memory remembered, BatchTarget target)
      throws BackendException {
    List<String> unknown =
        jobs.stream().map(BatchJob::id).filter(id -> !remembered.shapes.containsKey(id)).toList();
    if (unknown.isEmpty()) {
      return;
    }
    Map<String, BatchJob> described =
        target.jobs().describe(unknown).stream()
            .collect(Collectors.toMap(BatchJob::id, Function.identity(), (a, b) -> a));
    for (BatchJob job : jobs) {
      if (!unknown.contains(job.id())) {
        continue;
      }
      BatchJob.NodeFacts facts =
          Optional.ofNullable(described.get(job.id())).map(BatchJob::nodes).orElse(job.nodes());
      int numNodes = facts.numNodes().or(() -> job.nodes().numNodes()).orElse(1);
      remembered.shapes.put(job.id(), new JobShape(numNodes, facts.mainNode().orElse(0)));
    }
  }

  private Memory memoryOf(WorkerGroup group) {
    return memory.computeIfAbsent(group.uid(), k -> new Memory());
  }
}
