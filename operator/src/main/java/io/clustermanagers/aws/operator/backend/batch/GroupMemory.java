package io.clustermanagers.aws.operator.backend.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the backend remembers about one cluster's jobs between reconciles. Only a cache: after a
 * restart it is empty and everything is read again from Batch (names, status reasons).
 */
final class GroupMemory implements ArrayStops.Knowledge {
  /** An array's children are read again at least this often even if its summary stands still. */
  static final Duration CHILDREN_MAX_AGE = Duration.ofMinutes(1);

  private record Children(
      Map<String, Integer> summary, boolean parentEnded, List<BatchJob> jobs, Instant readAt) {}

  private final Map<String, Optional<Integer>> arraySizes = new ConcurrentHashMap<>();
  private final Map<String, Children> children = new ConcurrentHashMap<>();
  private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();
  private final Set<String> stoppedArrays = ConcurrentHashMap.newKeySet();

  /** Whether the job is known to be an array parent (a size) or a plain job (empty). */
  Optional<Optional<Integer>> arraySize(String jobId) {
    return Optional.ofNullable(arraySizes.get(jobId));
  }

  void rememberArraySize(String jobId, Optional<Integer> size) {
    arraySizes.put(jobId, size);
  }

  /**
   * The children read earlier, when they cannot have changed: the parent had ended already, or its
   * status summary is the same as then (statuses only move forward, so any change shows in the
   * counts) and the reading is recent.
   */
  Optional<List<BatchJob>> unchangedChildren(BatchJob parent, Instant now) {
    Children known = children.get(parent.id());
    if (known == null) {
      return Optional.empty();
    }
    if (known.parentEnded()) {
      return Optional.of(known.jobs());
    }
    boolean fresh = known.readAt().plus(CHILDREN_MAX_AGE).isAfter(now);
    boolean same =
        !parent.statusSummary().isEmpty() && parent.statusSummary().equals(known.summary());
    return fresh && same ? Optional.of(known.jobs()) : Optional.empty();
  }

  void rememberChildren(BatchJob parent, List<BatchJob> jobs, Instant now) {
    boolean ended = parent.isTerminal() && jobs.stream().allMatch(BatchJob::isTerminal);
    children.put(parent.id(), new Children(parent.statusSummary(), ended, List.copyOf(jobs), now));
  }

  /** The children last read, whatever their age. */
  @Override
  public Optional<List<BatchJob>> children(String parentId) {
    return Optional.ofNullable(children.get(parentId)).map(Children::jobs);
  }

  @Override
  public Optional<Integer> knownArraySize(String parentId) {
    return Optional.ofNullable(arraySizes.get(parentId)).flatMap(s -> s);
  }

  /** An array terminated through its parent: every child of it is asked to stop. */
  void markArrayStopped(String parentId) {
    stoppedArrays.add(parentId);
    children.remove(parentId);
  }

  /** Whether the array was terminated through its parent here. */
  boolean arrayStopped(String parentId) {
    return stoppedArrays.contains(parentId);
  }

  void markStopRequested(String workerId) {
    stopRequested.add(workerId);
    int colon = workerId.indexOf(':');
    if (colon > 0) {
      children.remove(workerId.substring(0, colon));
    }
  }

  @Override
  public boolean stopRequested(String workerId) {
    if (stopRequested.contains(workerId)) {
      return true;
    }
    int colon = workerId.indexOf(':');
    return colon > 0 && stoppedArrays.contains(workerId.substring(0, colon));
  }
}
