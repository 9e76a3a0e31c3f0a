package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.e2e.ChaosWorld.LiveWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Samples one cluster's live workers in its world on a thread of its own, the whole scenario long
 * (also while no operator runs), and keeps what broke an invariant: two live workers for one launch
 * sequence (a duplicate), more live workers than the ceiling the scenario allows at that moment
 * (the limit, and desired plus the workers still in flight from the step before).
 */
final class ChaosMonitor implements AutoCloseable {
  private final ChaosWorld world;
  private final String cluster;
  private final Thread sampler;
  private final Map<Long, Set<String>> duplicates = new TreeMap<>();
  private final List<String> overCeiling = new ArrayList<>();
  private final AtomicInteger maxOver = new AtomicInteger();
  private final AtomicInteger samples = new AtomicInteger();
  private final AtomicInteger failedSamples = new AtomicInteger();
  private volatile RuntimeException lastFailure;
  private volatile int ceiling;
  private volatile boolean running = true;

  ChaosMonitor(ChaosWorld world, String cluster, Duration every) {
    this.world = world;
    this.cluster = cluster;
    this.sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                sleep(every);
              }
            },
            "chaos-monitor");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** The most live workers allowed from now on. */
  void ceiling(int ceiling) {
    this.ceiling = ceiling;
  }

  /** The cluster's live workers now (also checked against the invariants). */
  List<LiveWorker> sample() {
    List<LiveWorker> live;
    try {
      live = world.live().stream().filter(w -> w.cluster().equals(cluster)).toList();
    } catch (RuntimeException e) {
      failedSamples.incrementAndGet();
      lastFailure = e;
      return null;
    }
    samples.incrementAndGet();
    Map<Long, List<String>> bySequence =
        live.stream()
            .collect(
                Collectors.groupingBy(
                    LiveWorker::sequence,
                    TreeMap::new,
                    Collectors.mapping(LiveWorker::id, Collectors.toList())));
    synchronized (this) {
      bySequence.forEach(
          (seq, ids) -> {
            if (ids.size() > 1) {
              duplicates.computeIfAbsent(seq, k -> new TreeSet<>()).addAll(ids);
            }
          });
      int over = live.size() - ceiling;
      if (over > 0) {
        if (over > maxOver.get() || overCeiling.isEmpty()) {
          overCeiling.add(live.size() + " live > ceiling " + ceiling + ": " + bySequence);
        }
        maxOver.accumulateAndGet(over, Math::max);
      }
    }
    return live;
  }

  /**
   * Each launch sequence seen with two or more live workers at once, with every id seen live for it
   * then.
   */
  synchronized List<String> duplicates() {
    List<String> found = new ArrayList<>();
    duplicates.forEach((seq, ids) -> found.add("seq " + seq + ": " + String.join(", ", ids)));
    return found;
  }

  /** The most live workers seen above the ceiling at one time. */
  int maxOverCeiling() {
    return maxOver.get();
  }

  synchronized List<String> overCeilingSamples() {
    return List.copyOf(overCeiling);
  }

  /**
   * Why the invariants cannot be trusted, or null: a checker that could not look (no sample, or
   * more than one in ten failed) has seen nothing, which is no pass.
   */
  String blindness() {
    int ok = samples.get();
    int failed = failedSamples.get();
    if (ok == 0 || failed * 10 > ok + failed) {
      return "the monitor could not look: " + sampleCounts() + ", last: " + lastFailure;
    }
    return null;
  }

  String sampleCounts() {
    return samples.get() + " samples, " + failedSamples.get() + " failed";
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join(10_000);
  }
}
