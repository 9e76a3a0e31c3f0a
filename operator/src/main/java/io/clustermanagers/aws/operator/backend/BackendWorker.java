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
 * @param interrupted it ended because its capacity was taken back (a Spot interruption): replaced,
 *     but counted apart from failures and without backoff
 * @param gang its place in a gang, for workers that are launched and replaced together
 */
public record BackendWorker(
    String id,
    long launchSequence,
    WorkerPhase phase,
    Instant launchedAt,
    Optional<Instant> startedAt,
    Optional<Instant> endedAt,
    boolean stopRequested,
    String reason,
    boolean interrupted,
    Optional<GangNode> gang) {

  /** A worker of no gang. */
  public BackendWorker(
      String id,
      long launchSequence,
      WorkerPhase phase,
      Instant launchedAt,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      boolean stopRequested,
      String reason,
      boolean interrupted) {
    this(
        id,
        launchSequence,
        phase,
        launchedAt,
        startedAt,
        endedAt,
        stopRequested,
        reason,
        interrupted,
        Optional.empty());
  }

  /** A worker of no gang whose end, if any, was not an interruption. */
  public BackendWorker(
      String id,
      long launchSequence,
      WorkerPhase phase,
      Instant launchedAt,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      boolean stopRequested,
      String reason) {
    this(id, launchSequence, phase, launchedAt, startedAt, endedAt, stopRequested, reason, false);
  }

  /** This worker, marked as asked to stop. */
  public BackendWorker withStopRequested() {
    return new BackendWorker(
        id, launchSequence, phase, launchedAt, startedAt, endedAt, true, reason, interrupted, gang);
  }

  public boolean isEnded() {
    return phase.isTerminal();
  }
}
