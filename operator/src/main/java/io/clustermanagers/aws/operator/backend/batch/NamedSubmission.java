package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.CreatingCalls;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Submits a job under its deterministic name at most once as far as can be seen: lists the name
 * first and adopts what carries it. When a SubmitJob fails with an unknown outcome (a 5xx, a reset,
 * a lost answer: the job may exist), it waits, lists the name again, and submits again only if
 * nothing carries it, up to {@link #ATTEMPTS} SubmitJobs. So a lost answer costs seconds, not the
 * launch grace of the core. SubmitJob has no idempotency token; should ListJobs lag behind a job
 * that was created, the second job of the name is terminated by the next observe ({@link
 * DuplicateJobs}) before it is likely to run.
 *
 * <p>Once one SubmitJob's outcome is unknown, any later failure (of the listing or of another
 * SubmitJob) reports that unknown outcome, never "created nothing".
 */
final class NamedSubmission {
  static final int ATTEMPTS = 3;

  /** Before each listing after an unknown outcome: Batch's list catches up within seconds. */
  static final List<Duration> WAITS = List.of(Duration.ofSeconds(2), Duration.ofSeconds(5));

  /** How the submission waits; tests pass one that does not sleep. */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;

    Pause SLEEP = d -> Thread.sleep(d.toMillis());
  }

  /** What carries the name: the jobs listed (adopt them), or the id of the job submitted. */
  record Outcome(List<BatchJob> existing, Optional<String> submittedId) {
    static Outcome adopted(List<BatchJob> existing) {
      return new Outcome(List.copyOf(existing), Optional.empty());
    }

    static Outcome submitted(String jobId) {
      return new Outcome(List.of(), Optional.of(jobId));
    }
  }

  private final Pause pause;

  NamedSubmission(Pause pause) {
    this.pause = pause;
  }

  Outcome submit(BatchTarget target, SubmitJobRequest request) throws BackendException {
    BackendException unknown = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (unknown != null) {
        wait(WAITS.get(Math.min(attempt - 1, WAITS.size() - 1)), unknown);
      }
      List<BatchJob> existing;
      try {
        existing = target.jobs().listByName(target.queue(), request.jobName());
      } catch (BackendException e) {
        throw orUnknown(unknown, e);
      }
      if (!existing.isEmpty()) {
        return Outcome.adopted(existing);
      }
      try {
        return Outcome.submitted(target.jobs().submit(request));
      } catch (BackendException e) {
        if (CreatingCalls.createdNothing(e)) {
          throw orUnknown(unknown, e);
        }
        unknown = orUnknown(unknown, e);
      }
    }
    throw unknown;
  }

  private void wait(Duration duration, BackendException unknown) throws BackendException {
    try {
      pause.pause(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unknown;
    }
  }

  private static BackendException orUnknown(BackendException unknown, BackendException later) {
    if (unknown == null) {
      return later;
    }
    unknown.addSuppressed(later);
    return unknown;
  }
}
