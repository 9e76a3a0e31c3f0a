package io.clustermanagers.aws.operator.backend.ecs;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The STOPPED tasks of each cluster as last described. A stopped task never changes, yet ECS lists
 * it for about an hour: kept here, it is not described again on every resync. A task ECS no longer
 * lists is dropped here too, so the cache follows ECS's own listing rather than an age or a recency
 * guess (which is why a plain map does the job, no Caffeine: nothing here would use its eviction).
 * At most {@code capacity} tasks across all clusters; beyond it a stopped task is simply described
 * again, as before. Only a cache: after a restart it is empty and filled by the first observe.
 */
final class StoppedTasks {
  /** About 10 KB of memory per 10 tasks (with their containers): ~50 MB at most. */
  static final int DEFAULT_CAPACITY = 50_000;

  private final int capacity;
  private final AtomicInteger size = new AtomicInteger();
  private final Map<String, Map<String, Task>> byGroup = new ConcurrentHashMap<>();

  StoppedTasks(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The stopped tasks known among {@code listedArns}, by ARN; those of the group no longer listed
   * are forgotten.
   */
  Map<String, Task> among(String groupUid, List<String> listedArns) {
    Map<String, Task> known = byGroup.get(groupUid);
    if (known == null) {
      return Map.of();
    }
    Set<String> listed = new HashSet<>(listedArns);
    known.keySet().removeIf(arn -> !listed.contains(arn) && forgotten());
    return Map.copyOf(known);
  }

  /** Keeps the described tasks that are STOPPED (while there is room). */
  void remember(String groupUid, Collection<Task> described) {
    for (Task task : described) {
      if (!"STOPPED".equals(task.lastStatus())) {
        continue;
      }
      if (size.incrementAndGet() > capacity) {
        size.decrementAndGet();
        return;
      }
      Task earlier =
          byGroup
              .computeIfAbsent(groupUid, k -> new ConcurrentHashMap<>())
              .put(task.taskArn(), task);
      if (earlier != null) {
        size.decrementAndGet();
      }
    }
  }

  /** The ids of the group's tasks that were STOPPED when last described. */
  Set<String> stoppedIds(String groupUid) {
    Set<String> ids = new HashSet<>();
    byGroup
        .getOrDefault(groupUid, Map.of())
        .keySet()
        .forEach(a -> ids.add(EcsTaskMapper.taskId(a)));
    return ids;
  }

  /** Forgets the group's tasks (its cluster is gone). */
  void release(String groupUid) {
    Map<String, Task> known = byGroup.remove(groupUid);
    if (known != null) {
      size.addAndGet(-known.size());
    }
  }

  /** Tasks kept, across clusters. */
  int size() {
    return size.get();
  }

  private boolean forgotten() {
    size.decrementAndGet();
    return true;
  }
}
