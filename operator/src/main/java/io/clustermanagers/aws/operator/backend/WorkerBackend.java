package io.clustermanagers.aws.operator.backend;

import java.util.Collection;
import java.util.List;

/**
 * The one seam to where workers run. Implementations must make every call safe to repeat: worker
 * names are derived from the cluster and a launch sequence number, so a launch that is retried
 * finds (and adopts) what an earlier attempt created instead of creating it again.
 */
public interface WorkerBackend extends AutoCloseable {

  /** Every worker of this group the backend can see, including ones that ended recently. */
  List<BackendWorker> observe(WorkerGroup group) throws BackendException;

  /**
   * Launches workers for the sequence numbers {@code request.first()} up to (excluding) {@code
   * request.end()}, skipping any that already exist, and returns what it launched.
   */
  List<BackendWorker> launch(WorkerGroup group, LaunchRequest request) throws BackendException;

  /** Asks the named workers to stop; stopping an ended or unknown worker is not an error. */
  void stop(WorkerGroup group, Collection<String> workerIds, String reason) throws BackendException;

  /**
   * Stops a whole gang (workers launched together, {@link GangNode#gang()}), whose workers cannot
   * be stopped one by one; by default, stops each of {@code workerIds}. Safe to repeat.
   */
  default void stopGang(
      WorkerGroup group, String gangId, Collection<String> workerIds, String reason)
      throws BackendException {
    stop(group, workerIds, reason);
  }

  /**
   * Warnings about the group that do not stop it, e.g. "not all replicas fit the queue's capacity".
   * Told as Warning Events (de-duplicated); empty by default.
   */
  default List<String> advisories(WorkerGroup group) {
    return List.of();
  }

  /**
   * Whether {@link #launch} of sequences an earlier call may have launched already adopts what that
   * call made instead of launching twice (ECS: the same {@code clientToken}; Batch: the job's
   * deterministic name, listed first). The core then sends a launch that the backend does not show
   * again instead of waiting out the launch grace for it. False by default.
   */
  default boolean adoptsRepeatedLaunches() {
    return false;
  }

  /**
   * The room this backend has for more workers, when it has a limit of its own across clusters (the
   * local backend's processes); empty, by default, when only the operator's limits apply. A launch
   * beyond it starts fewer workers than asked.
   */
  default java.util.Optional<BackendCapacity> capacity() {
    return java.util.Optional.empty();
  }

  /**
   * Releases what the backend keeps for a group whose workers have all ended (memory, the token's
   * secret); the cluster is gone only once this succeeds. Safe to repeat.
   */
  default void release(WorkerGroup group) throws BackendException {}

  @Override
  default void close() {}
}
