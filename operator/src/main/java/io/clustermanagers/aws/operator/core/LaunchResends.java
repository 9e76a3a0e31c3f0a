package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a recorded launch that the backend does not show is sent again: {@link
 * PlanExecutor#RESEND_AFTER} after it was recorded, then each time after twice the wait before
 * (about 10, 20, 40, 80 and 160 s after the recording with the defaults: at most five resends
 * within the 3-minute grace), instead of on every pass of a cluster that waits for it (every
 * progress poll: about 34 times). Each resend is safe (the backend adopts what an earlier call
 * made), but each costs calls, and on Batch, where a list that lags behind its SubmitJob can hide
 * the first array, each is one more chance of a second array that the next observe then has to end.
 *
 * <p>In memory: a new leader starts counting from zero (its first resend is due at once for a
 * launch older than {@link PlanExecutor#RESEND_AFTER}). Entries go when the launch is no longer
 * expected (seen, or past its grace), also for a cluster that is gone.
 */
final class LaunchResends {
  private record Key(ClusterKey cluster, long firstSequence, long endSequence) {}

  private record Sent(int times, Instant nextDue, Instant recordedAt) {}

  private final Duration first;
  private final Map<Key, Sent> sent = new ConcurrentHashMap<>();

  LaunchResends(Duration first) {
    this.first = first;
  }

  /** The cluster's expected launches whose next resend is due at {@code now}. */
  List<LaunchIntent> due(ClusterKey cluster, LaunchExpectations expected, Instant now) {
    forgetExpired(cluster, expected, now);
    List<LaunchIntent> due = new ArrayList<>();
    for (LaunchIntent intent : expected.recordedBefore(now.minus(first))) {
      Sent before = sent.get(keyOf(cluster, intent));
      if (before == null || !now.isBefore(before.nextDue())) {
        due.add(intent);
      }
    }
    return due;
  }

  /** {@code intent} (one {@link #due} returned) was sent again at {@code now}, well or not. */
  void sent(ClusterKey cluster, LaunchIntent intent, Instant now) {
    Key key = keyOf(cluster, intent);
    Sent before = sent.get(key);
    int times = before == null ? 1 : before.times() + 1;
    Duration wait = first.multipliedBy(1L << Math.min(times - 1, 20));
    Instant recordedAt = LaunchExpectations.recordedAt(intent).orElse(now);
    sent.put(key, new Sent(times, now.plus(wait), recordedAt));
  }

  /** Launches remembered, for tests. */
  int remembered() {
    return sent.size();
  }

  /**
   * Drops the cluster's launches no longer expected, and any cluster's launches past the grace (a
   * cluster that is gone is never asked about again).
   */
  private void forgetExpired(ClusterKey cluster, LaunchExpectations expected, Instant now) {
    if (sent.isEmpty()) {
      return; // the usual case: every launch was seen in time
    }
    List<Key> stillExpected =
        expected.toStatus().stream().map(intent -> keyOf(cluster, intent)).toList();
    Instant graceStart = now.minus(LaunchExpectations.GRACE);
    sent.entrySet()
        .removeIf(
            e ->
                (e.getKey().cluster().equals(cluster) && !stillExpected.contains(e.getKey()))
                    || e.getValue().recordedAt().isBefore(graceStart));
  }

  private static Key keyOf(ClusterKey cluster, LaunchIntent intent) {
    return new Key(cluster, intent.getFirstSequence(), intent.getEndSequence());
  }
}
