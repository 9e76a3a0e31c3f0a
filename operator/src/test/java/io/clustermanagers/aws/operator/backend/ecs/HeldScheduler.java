package io.clustermanagers.aws.operator.backend.ecs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A {@link TaskStops.Scheduler} whose calls due now run at once on eight threads, and whose later
 * calls wait until the test runs them ({@link #runHeld}): time passes only when the test says so.
 */
final class HeldScheduler implements TaskStops.Scheduler {
  private final ExecutorService now = Executors.newFixedThreadPool(8);
  private final List<FutureTask<?>> held = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();

  @Override
  public synchronized Future<?> schedule(Runnable call, Duration delay) {
    if (delay.isZero()) {
      return now.submit(call);
    }
    FutureTask<?> later = new FutureTask<>(call, null);
    held.add(later);
    delays.add(delay);
    return later;
  }

  /** The delays of the calls held, in the order they were scheduled. */
  synchronized List<Duration> heldDelays() {
    return List.copyOf(delays);
  }

  /** Held calls not cancelled. */
  synchronized long heldLive() {
    return held.stream().filter(f -> !f.isCancelled()).count();
  }

  /** Runs the held calls (on the test's thread; cancelled ones do nothing) and forgets them. */
  void runHeld() {
    List<FutureTask<?>> calls;
    synchronized (this) {
      calls = List.copyOf(held);
      held.clear();
      delays.clear();
    }
    calls.forEach(FutureTask::run);
  }

  @Override
  public void close() {
    now.shutdownNow();
  }
}
