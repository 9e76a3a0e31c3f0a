package io.clustermanagers.aws.operator.backend.local;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Instant;
import java.util.Optional;

/** One local worker process and what happened to it. */
final class LocalWorker {
  private static final int SIGNAL_EXIT_BASE = 128;
  private final String id;
  private final long sequence;
  private final Process process;
  private final Instant launchedAt;
  private volatile boolean stopRequested;
  private volatile Instant endedAt;
  private volatile int exitCode;

  LocalWorker(String id, long sequence, Process process, Instant launchedAt) {
    this.id = id;
    this.sequence = sequence;
    this.process = process;
    this.launchedAt = launchedAt;
  }

  String id() {
    return id;
  }

  Process process() {
    return process;
  }

  boolean isEnded() {
    return endedAt != null;
  }

  void markStopRequested() {
    stopRequested = true;
  }

  void markEnded(Instant at, int code) {
    exitCode = code;
    endedAt = at;
  }

  BackendWorker snapshot() {
    Instant ended = endedAt;
    WorkerPhase phase;
    if (ended != null) {
      phase = exitCode == 0 ? WorkerPhase.SUCCEEDED : WorkerPhase.FAILED;
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
        ended == null ? "" : describeExit(exitCode));
  }

  private static String describeExit(int code) {
    return code > SIGNAL_EXIT_BASE && code < SIGNAL_EXIT_BASE + 65
        ? "killed by signal " + (code - SIGNAL_EXIT_BASE)
        : "exit code " + code;
  }
}
