package io.clustermanagers.aws.bench;

import io.clustermanagers.aws.operator.coordinator.RequestObserver;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the coordinator's answers by route and status, as the operator's own metrics observer does
 * (a map lookup and an increment per request), so the run can show that the heartbeats were 204s.
 */
final class AnswerCounts implements RequestObserver {
  private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void answered(String route, int status) {
    counts.computeIfAbsent(route + " " + status, k -> new LongAdder()).increment();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((key, count) -> sorted.put(key, count.sum()));
    return sorted;
  }
}
