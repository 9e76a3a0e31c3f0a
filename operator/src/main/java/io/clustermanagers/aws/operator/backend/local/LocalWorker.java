package io.clustermanagers.aws.operator.backend.local;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One local worker process and what happened to it: one this backend started, or one an earlier
 * operator process started and this one adopted (whose exit code nobody can read).
 */
final class LocalWorker {
  private static final int SIGNAL_EXIT_BASE = 128;
  private final String id;
  private final long sequence;
  private final ProcessHandle process;
  private final Instant launchedAt;
  private final boolean adopted;
  private volatile boolean stopRequested;
  private volatile Instant endedAt;
  private volatile OptionalInt exitCode = OptionalInt.empty();

  LocalWorker(
      String id, long sequence, ProcessHandle process, Instant launchedAt, boolean adopted) {
    this.id = id;
    this.sequence = sequence;
    this.process = process;
    this.launchedAt = launchedAt;
    this.adopted = adopted;
  }

  String id() {
    return id;
  }

  ProcessHandle process() {
    return process;
  }

  boolean isEnded() {
    return endedAt != null;
  }

  void markStopRequested() {
    stopRequested = true;
  }

  /** Ended with {@code code}, or with an unknown code (an adopted process's). */
  void markEnded(Instant at, OptionalInt code) {
    exitCode = code;
    endedAt = at;
  }

  BackendWorker snapshot() {
    Instant ended = endedAt;
    WorkerPhase phase;
    if (ended != null) {
      phase = exitCode.orElse(-1) == 0 ? WorkerPhase.SUCCEEDED : WorkerPhase.FAILED;
    } else {
      phase = stopRequested ? WorkerPhase.STOPPING : WorkerPhase.RUNNING;
    }
    return new BackendWorker(
        id,
        sequence,
        phase,
        launchedAt,
        Optional.of(launchedAt),
        Optional.ofNullable(ended),
        stopRequested,
        ended == null ? "" : describeExit());
  }

  private String describeExit() {
    if (exitCode.isEmpty()) {
      return adopted
          ? "ended; exit code unknown (started by an earlier operator process)"
          : "ended; exit code unknown";
    }
    int code = exitCode.getAsInt();
    return code > SIGNAL_EXIT_BASE && code < SIGNAL_EXIT_BASE + 65
        ? "killed by signal " + (code - SIGNAL_EXIT_BASE)
        : "exit code " + code;
  }
}
