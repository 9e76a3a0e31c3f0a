package io.clustermanagers.aws.operator.coordinator;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the watch endpoint ({@code GET .../workers?watch=true}).
 *
 * @param maxPerCluster watchers one cluster may have at once; one more is answered 429
 * @param queueCapacity events a watcher may fall behind by (besides its initial list) before it is
 *     cut off
 * @param keepAlive silence after which a stream writes a {@code KEEPALIVE} line
 * @param writeTimeout how long one write may block (a reader that stopped reading) before the
 *     stream is cut off
 */
public record WatchSettings(
    int maxPerCluster, int queueCapacity, Duration keepAlive, Duration writeTimeout) {
  public static final WatchSettings DEFAULTS =
      new WatchSettings(16, 1024, Duration.ofSeconds(15), Duration.ofSeconds(30));

  public WatchSettings {
    if (maxPerCluster < 1) {
      throw new IllegalArgumentException("maxPerCluster must be at least 1: " + maxPerCluster);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
    }
    requirePositive("keepAlive", keepAlive);
    requirePositive("writeTimeout", writeTimeout);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
