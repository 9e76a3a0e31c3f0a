package io.clustermanagers.aws.operator.backend.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Values remembered for a while: lookups of things that rarely change (queues, definitions). */
final class TimedCache<V> {
  private record Entry<V>(V value, Instant expires) {}

  private final Clock clock;
  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

  TimedCache(Clock clock) {
    this.clock = clock;
  }

  Optional<V> get(String key) {
    Entry<V> entry = entries.get(key);
    if (entry == null || !entry.expires().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  void put(String key, V value, Duration ttl) {
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }
}
