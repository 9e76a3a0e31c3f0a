package io.clustermanagers.aws.operator.core;

import java.util.Optional;

/**
 * What a limit that holds the cluster back says in its conditions: a worker limit below the spec
 * ({@code WorkerLimitExceeded}) or the end of its lifetime ({@code MaxLifetimeExceeded}).
 */
final class LimitConditions {
  /** A condition's status, reason and message. */
  record Verdict(boolean status, String reason, String message) {}

  private LimitConditions() {}

  /** Ready, once the lifetime is over. */
  static Optional<Verdict> ready(ClusterFacts facts) {
    return facts
        .lifetimeOver()
        .map(
            over ->
                new Verdict(
                    false,
                    ClusterLifetime.REASON,
                    "the cluster's "
                        + over
                        + ": its workers are stopped; raise or remove spec.maxLifetime to launch"
                        + " them again"));
  }

  /** Progressing, while a worker limit keeps {@code active} below {@code target}. */
  static Optional<Verdict> limited(ClusterFacts facts, int active, int target) {
    return facts
        .limit()
        .filter(l -> active < target)
        .map(
            l ->
                new Verdict(
                    active < l.maxWorkers(),
                    WorkerLimit.REASON,
                    active
                        + " of "
                        + target
                        + " workers launched, at most "
                        + l.maxWorkers()
                        + ": "
                        + l.message()));
  }

  /** Progressing, once the lifetime is over: True while workers still stop. */
  static Optional<Verdict> lifetimeOver(ClusterFacts facts, long stillThere) {
    return facts
        .lifetimeOver()
        .map(
            over ->
                new Verdict(
                    stillThere > 0,
                    ClusterLifetime.REASON,
                    stillThere + " workers stopping: " + over));
  }
}
