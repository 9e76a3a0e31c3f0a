package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs that carry the same deterministic name launched the same sequences twice: a SubmitJob whose
 * answer was lost and was sent again, or a former leader's call still in flight. The oldest (by
 * {@code createdAt}, then job id) is kept, whatever its status; the others are duplicates to
 * terminate. The choice depends on Batch's facts only, so two operators (a leader and its
 * predecessor) keep the same job. {@link #split} is pure; {@link #terminateExtras} acts on it.
 */
final class DuplicateJobs {
  private static final Logger LOG = LoggerFactory.getLogger(DuplicateJobs.class);

  private static final Comparator<BatchJob> OLDEST_FIRST =
      Comparator.comparing(BatchJob::createdAt).thenComparing(BatchJob::id);

  /**
   * @param kept one job per name, in the order first listed
   * @param duplicates every other job of a kept job's name, with the job it duplicates
   */
  record Split(List<BatchJob> kept, Map<BatchJob, BatchJob> duplicates) {}

  private DuplicateJobs() {}

  static Split split(List<BatchJob> jobs) {
    Map<String, List<BatchJob>> byName = new LinkedHashMap<>();
    for (BatchJob job : jobs) {
      byName.computeIfAbsent(job.name(), k -> new ArrayList<>()).add(job);
    }
    List<BatchJob> kept = new ArrayList<>();
    Map<BatchJob, BatchJob> duplicates = new LinkedHashMap<>();
    for (List<BatchJob> named : byName.values()) {
      BatchJob oldest = named.stream().min(OLDEST_FIRST).orElseThrow();
      kept.add(oldest);
      named.stream().filter(j -> j != oldest).forEach(j -> duplicates.put(j, oldest));
    }
    return new Split(List.copyOf(kept), duplicates);
  }

  /**
   * The group's jobs, one per name: every unfinished duplicate that {@code stopped} does not know
   * yet is terminated (through its parent for an array) and then told to {@code markStopped}, so a
   * failed TerminateJob is tried again on the next observe.
   */
  static List<BatchJob> terminateExtras(
      WorkerGroup group,
      BatchTarget target,
      List<BatchJob> ours,
      Predicate<String> stopped,
      Consumer<String> markStopped)
      throws BackendException {
    Split split = split(ours);
    for (Map.Entry<BatchJob, BatchJob> duplicate : split.duplicates().entrySet()) {
      BatchJob extra = duplicate.getKey();
      if (extra.isTerminal() || stopped.test(extra.id())) {
        continue;
      }
      LOG.warn(
          "terminating job {} of {}: a duplicate of {} (same name {})",
          extra.id(),
          group.key(),
          duplicate.getValue().id(),
          extra.name());
      target
          .jobs()
          .terminate(
              extra.id(),
              BatchWorkerMapping.stopReason(
                  "a duplicate of job " + duplicate.getValue().id() + " (" + extra.name() + ")"));
      markStopped.accept(extra.id());
    }
    return split.kept();
  }
}
