package io.clustermanagers.aws.operator.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The events that take a watcher from the workers it was told about to the registry's current ones.
 * A worker that registered again from another address or port (a new incarnation: its registeredAt
 * restarts) is a leave and a join; a heartbeat or a registration from the same place is nothing.
 */
final class WorkerSetDiff {
  private WorkerSetDiff() {}

  /** Departures first, then arrivals, each by worker id. */
  static List<WatchEvent> between(
      Map<String, RegisteredWorker> known, List<RegisteredWorker> current) {
    Map<String, RegisteredWorker> now = new TreeMap<>();
    current.forEach(w -> now.put(w.workerId(), w));
    List<WatchEvent> events = new ArrayList<>();
    for (RegisteredWorker before : new TreeMap<>(known).values()) {
      if (!sameIncarnation(before, now.get(before.workerId()))) {
        events.add(WatchEvent.deleted(before));
      }
    }
    for (RegisteredWorker after : now.values()) {
      if (!sameIncarnation(known.get(after.workerId()), after)) {
        events.add(WatchEvent.added(after));
      }
    }
    return events;
  }

  private static boolean sameIncarnation(RegisteredWorker before, RegisteredWorker after) {
    return before != null
        && after != null
        && before.address().equals(after.address())
        && before.port() == after.port()
        && before.registeredAt().equals(after.registeredAt());
  }
}
