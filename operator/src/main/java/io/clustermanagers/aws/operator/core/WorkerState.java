package io.clustermanagers.aws.operator.core;

/** A worker's state as the operator sees it: the backend's view merged with the registry's. */
public enum WorkerState {
  /** Launched; the backend has not started it yet. */
  PENDING("Pending"),
  /** Running in the backend, not registered yet. */
  STARTING("Starting"),
  /** Registered and heartbeating. */
  READY("Ready"),
  /** Registered, but its heartbeats stopped. */
  LOST("Lost"),
  /** Asked to stop, not ended yet. */
  STOPPING("Stopping"),
  /** Ended. */
  ENDED("Ended");

  private final String display;

  WorkerState(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }
}
