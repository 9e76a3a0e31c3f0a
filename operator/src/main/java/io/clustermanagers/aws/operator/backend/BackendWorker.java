package io.clustermanagers.aws.operator.backend;

import java.time.Instant;
import java.util.Optional;

/**
 * One worker as its backend reports it.
 *
 * @param id the worker id the agent registers with
 * @param launchSequence the sequence number it was launched for
 * @param phase where it is in its life
 * @param launchedAt when it was submitted
 * @param startedAt when it started running, if it did
 * @param endedAt when it ended, if it did
 * @param stopRequested true when the operator asked it to stop (its end is then no failure)
 * @param reason the backend's words for its state (a status reason, an exit code), may be empty
 */
public record BackendWorker(
    String id,
    long launchSequence,
    WorkerPhase phase,
    Instant launchedAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    boolean stopRequested,
    String reason) {

  public boolean isEnded() {
    return phase.isTerminal();
  }
}
