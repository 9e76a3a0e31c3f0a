package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a reconcile that only a registration asked for plan from the cluster's last backend
 * observation instead of observing again: a worker registering or deregistering changes what the
 * coordinator knows, not what AWS shows. So a registration storm (10,000 workers registering again
 * after a leader change) costs at most one backend observe per cluster per {@code maxAge} (the
 * progress poll) instead of one per registration. An observation is never reused across a spec
 * change (the generation), after this operator launched or stopped anything, after a backend event
 * ({@link #invalidate}), or once it is {@code maxAge} old. A steady cluster's pass that only a
 * heartbeat deadline asks for reuses one up to the resync period old ({@link #quietWakeup}).
 *
 * <p>Such a pass that acted on nothing also writes status (the ready count moves with every
 * registration) at most once per {@code statusEvery} per cluster: within that time of the last
 * recorded status it is held, and the pass asked for when the time is up records it ({@link
 * #holdStatus}), so a storm costs about one status write per second instead of one per reconcile.
 */
public final class ObservationReuse {
  private record Observation(long generation, Instant at, List<BackendWorker> workers) {}

  private final Duration maxAge;
  private final Duration statusEvery;
  private final Map<ClusterKey, Observation> last = new ConcurrentHashMap<>();
  private final Set<ClusterKey> registrationsOnly = ConcurrentHashMap.newKeySet();
  private final Map<ClusterKey, Duration> quietWakeups = new ConcurrentHashMap<>();
  private final Map<ClusterKey, Recorded> statusRecorded = new ConcurrentHashMap<>();

  /** When this operator last recorded a cluster's status, and the ready workers it said. */
  private record Recorded(Instant at, int ready) {}

  /** Reuses observations up to {@code maxAge}; holds no status write. */
  public ObservationReuse(Duration maxAge) {
    this(maxAge, Duration.ZERO);
  }

  public ObservationReuse(Duration maxAge, Duration statusEvery) {
    this.maxAge = maxAge;
    this.statusEvery = statusEvery;
  }

  /** Never reuses: every reconcile observes (the core's tests, and as before). */
  public static ObservationReuse never() {
    return new ObservationReuse(Duration.ZERO);
  }

  /** The registry changed for {@code key}: the reconcile this asks for needs no new observe. */
  public void registrationChanged(ClusterKey key) {
    registrationsOnly.add(key);
  }

  /**
   * The backend's state may have changed (a worker process ended), or the cluster is gone: observe
   * next time, and hold nothing for it.
   */
  public void invalidate(ClusterKey key) {
    registrationsOnly.remove(key);
    quietWakeups.remove(key);
    last.remove(key);
    statusRecorded.remove(key);
  }

  /**
   * The last observation of the cluster if only registrations happened since and it is recent and
   * of the same generation; consumes the registration mark either way.
   */
  Optional<List<BackendWorker>> reusable(ClusterKey key, long generation, Instant now) {
    boolean onlyRegistrations = registrationsOnly.remove(key);
    Duration quietAge = quietWakeups.remove(key);
    Duration age = onlyRegistrations ? maxAge : quietAge;
    Observation seen = last.get(key);
    if (age == null
        || seen == null
        || seen.generation() != generation
        || !now.isBefore(seen.at().plus(age))) {
      return Optional.empty();
    }
    return Optional.of(seen.workers());
  }

  /**
   * The next pass of a steady cluster (no worker starting or stopping) is asked for only by the
   * clock, at a heartbeat deadline: whether a worker went quiet is the registry's to say, not the
   * backend's, so that pass may plan from an observation up to {@code age} old (the resync period:
   * as fresh as a steady cluster is looked at anyway). So a steady cluster is observed once per
   * resync period, at most one heartbeat timeout late (60–90 s with the defaults). Without this,
   * every heartbeat deadline (about every 20 s with the default timeouts) observed the backend
   * again, about three times the resync's calls at rest.
   */
  void quietWakeup(ClusterKey key, Duration age) {
    if (!maxAge.isZero()) {
      quietWakeups.put(key, age);
    }
  }

  /** Remembers a fresh observation, taken at {@code at} for {@code generation}. */
  void observed(ClusterKey key, long generation, Instant at, List<BackendWorker> workers) {
    if (!maxAge.isZero()) {
      last.put(key, new Observation(generation, at, List.copyOf(workers)));
    }
  }

  /** This operator acted on the cluster's workers: what the backend shows will differ. */
  void acted(ClusterKey key) {
    last.remove(key);
  }

  /**
   * For a pass that planned from a reused observation and acted on nothing: how long its status
   * waits, if the cluster's status was recorded less than {@code statusEvery} ago; the pass asked
   * for then needs no observe either (unless something else happens first). Empty: record now.
   */
  Optional<Duration> holdStatus(ClusterKey key, Instant now) {
    Recorded recorded = statusRecorded.get(key);
    if (recorded == null || !now.isBefore(recorded.at().plus(statusEvery))) {
      return Optional.empty();
    }
    registrationsOnly.add(key);
    return Optional.of(Duration.between(now, recorded.at().plus(statusEvery)));
  }

  /**
   * The ready workers of the status this operator recorded last, if it recorded one (in memory: the
   * informer's copy of the status may lag behind a write just made).
   */
  OptionalInt readyRecorded(ClusterKey key) {
    Recorded recorded = statusRecorded.get(key);
    return recorded == null ? OptionalInt.empty() : OptionalInt.of(recorded.ready());
  }

  /** The pass of {@code at} recorded the cluster's status, saying {@code ready} workers ready. */
  void statusRecorded(ClusterKey key, Instant at, int ready) {
    if (!statusEvery.isZero()) {
      statusRecorded.put(key, new Recorded(at, ready));
    }
  }
}
