package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Workers as array jobs (a plain job for a launch of one): child {@code parentId:index} of the job
 * named for the sequences from {@code first} on is the worker of sequence {@code first + index}.
 * Observing is the queue's ListJobs by name prefix plus, per unfinished array, one DescribeJobs
 * (≤100 ids per call, for its status summary) and one ListJobs of its children only when that
 * summary moved. A job whose name another, older job carries already is a duplicate (see {@link
 * DuplicateJobs}): observing terminates it and leaves it out. Stopping every running child of an
 * array is one TerminateJob on its parent (see {@link ArrayStops}).
 */
final class ArrayJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ArrayJobs.class);
  private final Clock clock;
  private final NamedSubmission submission;
  private final Map<String, GroupMemory> memory = new ConcurrentHashMap<>();

  ArrayJobs(Clock clock, NamedSubmission submission) {
    this.clock = clock;
    this.submission = submission;
  }

  /** The workers of the group's jobs among {@code listed}; duplicates are terminated. */
  List<BackendWorker> observe(WorkerGroup group, BatchTarget target, List<BatchJob> listed)
      throws BackendException {
    GroupMemory remembered = memoryOf(group);
    List<BatchJob> ours = withoutDuplicates(group, target, listed, remembered);
    Map<String, BatchJob> details = describeWhereNeeded(ours, remembered, target);
    List<BackendWorker> workers = new ArrayList<>();
    for (BatchJob listedJob : ours) {
      BatchJob job = details.getOrDefault(listedJob.id(), listedJob);
      long first = BatchJobNames.firstSequence(group, job.name()).orElseThrow();
      Optional<Integer> size = arraySize(listedJob, details, remembered);
      if (size.isEmpty()) {
        workers.add(BatchWorkerMapping.worker(job, first, remembered.stopRequested(job.id())));
        continue;
      }
      for (BatchJob child : children(job, target, remembered)) {
        workers.add(
            BatchWorkerMapping.worker(
                child, first + child.childIndex(), remembered.stopRequested(child.id())));
      }
    }
    return workers;
  }

  /**
   * Submits the job for {@code size} workers from {@code first} on, or adopts what carries its name
   * already (an earlier attempt whose answer was lost; see {@link NamedSubmission}).
   */
  List<BackendWorker> launch(
      WorkerGroup group, BatchTarget target, SubmitJobRequest request, long first, int size)
      throws BackendException {
    NamedSubmission.Outcome outcome = submission.submit(target, request);
    if (outcome.submittedId().isEmpty()) {
      LOG.info("adopting job {} of {}: it exists already", request.jobName(), group.key());
      return observe(group, target, outcome.existing());
    }
    String jobId = outcome.submittedId().get();
    memoryOf(group).rememberArraySize(jobId, size >= 2 ? Optional.of(size) : Optional.empty());
    Instant now = clock.instant();
    if (size == 1) {
      return List.of(pending(jobId, first, now));
    }
    List<BackendWorker> workers = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      workers.add(pending(jobId + ":" + i, first + i, now));
    }
    return workers;
  }

  /**
   * Terminates the workers' jobs (CancelJob would leave a running job running): an array whose
   * every running child is asked to stop through its parent, once; other workers one by one.
   */
  void stop(WorkerGroup group, BatchTarget target, Collection<String> workerIds, String reason)
      throws BackendException {
    GroupMemory remembered = memoryOf(group);
    ArrayStops stops = ArrayStops.plan(workerIds, remembered);
    String why = BatchWorkerMapping.stopReason(reason);
    for (String parent : stops.wholeArrays().keySet()) {
      target.jobs().terminate(parent, why);
      remembered.markArrayStopped(parent);
    }
    for (String id : stops.singleJobs()) {
      target.jobs().terminate(id, why);
      remembered.markStopRequested(id);
    }
  }

  void forget(WorkerGroup group) {
    memory.remove(group.uid());
  }

  /** The group's jobs, one per name; the others are terminated (once per operator process). */
  private static List<BatchJob> withoutDuplicates(
      WorkerGroup group, BatchTarget target, List<BatchJob> listed, GroupMemory remembered)
      throws BackendException {
    List<BatchJob> ours =
        listed.stream()
            .filter(j -> BatchJobNames.firstSequence(group, j.name()).isPresent())
            .toList();
    return DuplicateJobs.terminateExtras(
        group, target, ours, remembered::arrayStopped, remembered::markArrayStopped);
  }

  /**
   * DescribeJobs (in calls of ≤100) for the jobs whose kind is not known yet and for unfinished
   * array parents (their status summary); plain jobs are fully described by ListJobs.
   */
  private static Map<String, BatchJob> describeWhereNeeded(
      List<BatchJob> jobs, GroupMemory remembered, BatchTarget target) throws BackendException {
    List<String> ids =
        jobs.stream()
            .filter(
                j -> {
                  Optional<Optional<Integer>> known =
                      j.arraySize().isPresent()
                          ? Optional.of(j.arraySize())
                          : remembered.arraySize(j.id());
                  return known.isEmpty() || (known.get().isPresent() && !j.isTerminal());
                })
            .map(BatchJob::id)
            .toList();
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, BatchJob> described =
        target.jobs().describe(ids).stream()
            .collect(Collectors.toMap(BatchJob::id, Function.identity(), (a, b) -> a));
    described.values().forEach(d -> remembered.rememberArraySize(d.id(), d.arraySize()));
    return described;
  }

  private static Optional<Integer> arraySize(
      BatchJob listed, Map<String, BatchJob> details, GroupMemory remembered) {
    if (listed.arraySize().isPresent()) {
      return listed.arraySize();
    }
    BatchJob detail = details.get(listed.id());
    if (detail != null) {
      return detail.arraySize();
    }
    return remembered.arraySize(listed.id()).flatMap(Function.identity());
  }

  private List<BatchJob> children(BatchJob parent, BatchTarget target, GroupMemory remembered)
      throws BackendException {
    Instant now = clock.instant();
    Optional<List<BatchJob>> unchanged = remembered.unchangedChildren(parent, now);
    if (unchanged.isPresent()) {
      return unchanged.get();
    }
    List<BatchJob> read =
        target.jobs().listChildren(parent.id(), parent.childStatuses()).stream()
            .filter(BatchJob::isArrayChild)
            .toList();
    remembered.rememberChildren(parent, read, now);
    return read;
  }

  private GroupMemory memoryOf(WorkerGroup group) {
    return memory.computeIfAbsent(group.uid(), k -> new GroupMemory());
  }

  private static BackendWorker pending(String id, long sequence, Instant now) {
    return new BackendWorker(
        id, sequence, WorkerPhase.PENDING, now, Optional.empty(), Optional.empty(), false, "");
  }
}
