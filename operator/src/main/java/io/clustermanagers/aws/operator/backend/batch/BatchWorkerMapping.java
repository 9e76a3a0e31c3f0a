package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.util.Optional;

/** How a Batch job becomes a worker: phase from the status, reasons, who asked it to stop. */
final class BatchWorkerMapping {
  /**
   * Every TerminateJob reason the operator sends starts with this, so that a job it stopped is
   * recognised from its {@code statusReason} after a restart too.
   */
  static final String STOP_REASON_PREFIX = "aws-cluster-operator:";

  private BatchWorkerMapping() {}

  /** SUBMITTED, PENDING, RUNNABLE and STARTING wait for capacity or a container: PENDING. */
  static WorkerPhase phase(String status) {
    return switch (status == null ? "" : status) {
      case "RUNNING" -> WorkerPhase.RUNNING;
      case "SUCCEEDED" -> WorkerPhase.SUCCEEDED;
      case "FAILED" -> WorkerPhase.FAILED;
      default -> WorkerPhase.PENDING;
    };
  }

  /** The TerminateJob reason for a stop the core asked for. */
  static String stopReason(String why) {
    String reason = STOP_REASON_PREFIX + " " + (why == null ? "" : why);
    return reason.length() > 250 ? reason.substring(0, 250) : reason;
  }

  static BackendWorker worker(BatchJob job, long sequence, boolean stopRequestedHere) {
    boolean ours = job.statusReason().startsWith(STOP_REASON_PREFIX);
    return new BackendWorker(
        job.id(),
        sequence,
        phase(job.status()),
        job.createdAt(),
        job.startedAt(),
        job.isTerminal()
            ? job.stoppedAt().or(job::startedAt).or(() -> Optional.of(job.createdAt()))
            : Optional.empty(),
        ours || stopRequestedHere,
        reason(job));
  }

  /**
   * The status reason (a RUNNABLE job's {@code CAPACITY:…} or {@code MISCONFIGURATION:…}, why a job
   * failed) and the container's exit code.
   */
  static String reason(BatchJob job) {
    String base = job.status() + (job.statusReason().isBlank() ? "" : ": " + job.statusReason());
    return job.exitCode().map(code -> base + " (exit code " + code + ")").orElse(base);
  }
}
