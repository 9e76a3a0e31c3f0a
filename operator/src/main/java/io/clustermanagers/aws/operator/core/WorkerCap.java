package io.clustermanagers.aws.operator.core;

/**
 * A ceiling the planner keeps to when it launches.
 *
 * @param kind what {@code amount} bounds
 * @param amount the bound
 * @param message what to tell the user when this ceiling keeps the cluster below its spec, naming
 *     the limit and the flag that sets it; blank for {@link Kind#PACE}
 */
public record WorkerCap(Kind kind, int amount, String message) {
  public enum Kind {
    /** At most {@code amount} active workers in the cluster. */
    WORKERS,
    /** At most {@code amount} launches now (what the backend has room for). */
    LAUNCHES,
    /** At most {@code amount} launches in one reconcile: pacing, not a limit; never reported. */
    PACE
  }

  public static WorkerCap workers(int amount, String message) {
    return new WorkerCap(Kind.WORKERS, amount, message);
  }

  public static WorkerCap launches(int amount, String message) {
    return new WorkerCap(Kind.LAUNCHES, amount, message);
  }

  public static WorkerCap pace(int amount) {
    return new WorkerCap(Kind.PACE, amount, "");
  }

  /** How many launches this ceiling allows for a cluster with {@code active} workers. */
  int allowedLaunches(int active) {
    return Math.max(0, kind == Kind.WORKERS ? amount - active : amount);
  }
}
