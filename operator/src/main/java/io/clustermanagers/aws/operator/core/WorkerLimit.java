package io.clustermanagers.aws.operator.core;

/**
 * A limit that keeps the cluster below its spec (condition reason {@code WorkerLimitExceeded}).
 *
 * @param maxWorkers how many workers the cluster can have under it
 * @param message the limit and the flag that sets it
 */
public record WorkerLimit(int maxWorkers, String message) {
  public static final String REASON = "WorkerLimitExceeded";
}
