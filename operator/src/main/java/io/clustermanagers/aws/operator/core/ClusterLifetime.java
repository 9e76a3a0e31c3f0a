package io.clustermanagers.aws.operator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a cluster may have workers: {@code spec.maxLifetime} from its start (its creation; in
 * standalone mode, the run's start). After it the cluster is suspended (reason {@code
 * MaxLifetimeExceeded}) without its spec being touched: raising or removing the field resumes it.
 */
public record ClusterLifetime(Instant start, Optional<Duration> max) {
  public static final String REASON = "MaxLifetimeExceeded";

  public static ClusterLifetime unlimited(Instant start) {
    return new ClusterLifetime(start, Optional.empty());
  }

  public Optional<Instant> end() {
    return max.map(start::plus);
  }

  public boolean isOver(Instant now) {
    return end().map(e -> !now.isBefore(e)).orElse(false);
  }

  /** The workers the cluster should have now: none once its lifetime is over. */
  public int target(DesiredCluster desired, Instant now) {
    return isOver(now) ? 0 : desired.targetReplicas();
  }

  String describe() {
    return "spec.maxLifetime ("
        + max.map(SpecDurations::format).orElse("none")
        + " since "
        + start
        + ") ended at "
        + end().map(Instant::toString).orElse("never");
  }
}
