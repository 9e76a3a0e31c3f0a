package io.clustermanagers.aws.operator.core;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How many of the missing workers to launch under the ceilings, and the limit to report when one
 * keeps the cluster below its spec (the tightest one that is no mere pacing).
 */
record CappedLaunch(int launch, Optional<WorkerLimit> limit) {

  static CappedLaunch of(int missing, int active, List<WorkerCap> caps) {
    int launch = missing;
    for (WorkerCap cap : caps) {
      launch = Math.min(launch, cap.allowedLaunches(active));
    }
    Optional<WorkerLimit> limit =
        caps.stream()
            .filter(c -> c.kind() != WorkerCap.Kind.PACE)
            .filter(c -> c.allowedLaunches(active) < missing)
            .min(Comparator.comparingInt(c -> c.allowedLaunches(active)))
            .map(c -> new WorkerLimit(active + c.allowedLaunches(active), c.message()));
    return new CappedLaunch(Math.max(0, launch), limit);
  }
}
