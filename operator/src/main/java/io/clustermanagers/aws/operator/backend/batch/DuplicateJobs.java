package io.clustermanagers.aws.operator.backend.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs that carry the same deterministic name launched the same sequences twice: a SubmitJob whose
 * answer was lost and was sent again, or a former leader's call still in flight. The oldest (by
 * {@code createdAt}, then job id) is kept, whatever its status; the others are duplicates to
 * terminate. The choice depends on Batch's facts only, so two operators (a leader and its
 * predecessor) keep the same job. Pure.
 */
final class DuplicateJobs {
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
}
