package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Job queues by name, looked up with DescribeJobQueues and remembered: usable ones for minutes,
 * missing or disabled ones for seconds (so that a fix is seen at the next retry).
 */
final class QueueDirectory {
  private static final Duration FOUND_TTL = Duration.ofMinutes(5);
  private static final Duration MISSING_TTL = Duration.ofSeconds(5);
  private final TimedCache<Optional<JobQueueInfo>> cache;

  QueueDirectory(Clock clock) {
    this.cache = new TimedCache<>(clock);
  }

  Optional<JobQueueInfo> find(BatchTarget target) throws BackendException {
    String key = target.regionKey() + "|" + target.queue();
    Optional<Optional<JobQueueInfo>> cached = cache.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Optional<JobQueueInfo> found = target.resources().queue(target.queue());
    boolean usable = found.filter(q -> "ENABLED".equalsIgnoreCase(q.state())).isPresent();
    cache.put(key, found, usable ? FOUND_TTL : MISSING_TTL);
    return found;
  }

  /** The queue, or a permanent failure naming it when it does not exist or is disabled. */
  JobQueueInfo require(BatchTarget target) throws BackendException {
    JobQueueInfo info =
        find(target)
            .orElseThrow(
                () ->
                    BackendException.permanent(
                        "JobQueueNotFound",
                        "job queue "
                            + target.queue()
                            + " (spec.batch.jobQueue) does not exist in region "
                            + target.regionName(),
                        null));
    if (!"ENABLED".equalsIgnoreCase(info.state())) {
      throw BackendException.permanent(
          "JobQueueDisabled",
          "job queue "
              + target.queue()
              + " (spec.batch.jobQueue) is "
              + info.state()
              + " in region "
              + target.regionName()
              + ": enable it, or name an ENABLED queue",
          null);
    }
    return info;
  }
}
