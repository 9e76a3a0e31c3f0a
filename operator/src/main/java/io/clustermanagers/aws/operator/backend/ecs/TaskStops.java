package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * StopTask for many tasks, a few calls at a time: ECS has no batch stop, and one call after the
 * other costs one round trip per task on the reconcile thread. The calls share one small fixed pool
 * (across clusters) and one token bucket sized to ECS's StopTask throttle, so a suspend of 1,000
 * tasks is bounded by the rate, not by 1,000 round trips. A StopTask repeated (after a crash, or
 * for a task already stopping) is harmless: ECS answers it as for the first.
 */
final class TaskStops implements AutoCloseable {
  /** Calls in flight at most; the SDK's HTTP client holds this many connections easily. */
  static final int DEFAULT_THREADS = 8;

  private final ExecutorService pool;
  private final LaunchRateLimiter rate;

  TaskStops(int threads, LaunchRateLimiter rate) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "ecs-stop-task-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.rate = rate;
  }

  /**
   * ECS's StopTask throttle as assumed here: a bucket of 100 refilled at 100 per second (the brief
   * of issue 11 gives ~100/s; ECS publishes its per-action buckets in "Request throttling for the
   * Amazon ECS API"), with the SDK's throttling retries behind it.
   */
  static TaskStops ecs(Clock clock) {
    return new TaskStops(
        DEFAULT_THREADS,
        new LaunchRateLimiter(
            100, 100, Duration.ofSeconds(1), clock, d -> Thread.sleep(d.toMillis())));
  }

  /**
   * Stops every task; returns once every call has answered. When some fail, the others are still
   * made and the first permanent failure (else the first failure) is thrown, the rest suppressed.
   */
  void stopAll(EcsTasks ecs, String cluster, Collection<String> tasks, String reason)
      throws BackendException {
    List<Future<?>> calls = new ArrayList<>(tasks.size());
    for (String task : tasks) {
      calls.add(
          pool.submit(
              () -> {
                while (!rate.tryAcquire(1)) {
                  // tryAcquire waited already; the tokens went to another call
                }
                ecs.stopTask(cluster, task, reason);
                return null;
              }));
    }
    BackendException failure = null;
    for (Future<?> call : calls) {
      BackendException e = outcome(call);
      if (e == null) {
        continue;
      }
      if (failure == null || (e.isPermanent() && !failure.isPermanent())) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static BackendException outcome(Future<?> call) {
    try {
      call.get();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      return BackendException.transientFailure("Interrupted", "interrupted while stopping", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BackendException backend) {
        return backend;
      }
      if (e.getCause() instanceof InterruptedException) {
        return BackendException.transientFailure(
            "Interrupted", "interrupted while stopping", e.getCause());
      }
      throw new IllegalStateException("StopTask failed unexpectedly", e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
