package io.clustermanagers.aws.operator.backend;

/** A worker's life in its backend, independent of registration. */
public enum WorkerPhase {
  /** Submitted, waiting for capacity or starting a container. */
  PENDING,
  /** Its process or container runs. */
  RUNNING,
  /** Asked to stop, not yet ended. */
  STOPPING,
  /** Ended with success. */
  SUCCEEDED,
  /** Ended with failure. */
  FAILED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
