package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.coordinator.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * A {@link TaskStops.Scheduler} with time of its own ({@link #clock}): calls due now run at once on
 * eight threads; later calls are held until the test lets time pass ({@link #advance}, {@link
 * #runHeld}), which runs them in the order they fall due, each at its time, and waits for the calls
 * due now that they start. Time passes only when the test says so.
 */
final class HeldScheduler implements TaskStops.Scheduler {
  private record Held(Instant due, long order, FutureTask<?> call) {}

  private final ExecutorService now = Executors.newFixedThreadPool(8);
  private final List<Held> held = new ArrayList<>();
  private final Object quiet = new Object();
  private int running;
  private long scheduled;

  /** Where this scheduler's time starts. */
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private final MutableClock time = new MutableClock(START);

  /** This scheduler's time, for the bucket behind the calls. */
  Clock clock() {
    return time;
  }

  @Override
  public Future<?> schedule(Runnable call, Duration delay) {
    if (delay.isZero()) {
      synchronized (quiet) {
        running++;
      }
      return now.submit(() -> runThenCountDown(call));
    }
    FutureTask<?> later = new FutureTask<>(call, null);
    synchronized (this) {
      held.add(new Held(time.instant().plus(delay), scheduled++, later));
    }
    return later;
  }

  /** Held calls not cancelled. */
  synchronized long heldLive() {
    return held.stream().filter(h -> !h.call().isCancelled()).count();
  }

  /**
   * Lets {@code duration} pass: runs the calls that fall due meanwhile (those they schedule too),
   * each at its time, on the test's thread, and waits for the calls due now.
   */
  void advance(Duration duration) throws InterruptedException {
    Instant until = time.instant().plus(duration);
    awaitCallsDueNow();
    for (Held next = nextDueBy(until); next != null; next = nextDueBy(until)) {
      moveTo(next.due());
      next.call().run();
      awaitCallsDueNow();
    }
    moveTo(until);
  }

  /** Time only moves forward. */
  private void moveTo(Instant at) {
    if (at.isAfter(time.instant())) {
      time.advance(Duration.between(time.instant(), at));
    }
  }

  /** Lets time pass until nothing is held (at most a day of it). */
  void runHeld() throws InterruptedException {
    advance(Duration.ofDays(1));
  }

  private synchronized Held nextDueBy(Instant until) {
    Held next =
        held.stream().min(Comparator.comparing(Held::due).thenComparing(Held::order)).orElse(null);
    if (next == null || next.due().isAfter(until)) {
      return null;
    }
    held.remove(next);
    return next;
  }

  /** Waits (at most 30 s) until the calls due now, and those they started, have run. */
  void awaitCallsDueNow() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    synchronized (quiet) {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(running + " calls due now still running after 30 s");
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(quiet, left);
      }
    }
  }

  private void runThenCountDown(Runnable call) {
    try {
      call.run();
    } finally {
      synchronized (quiet) {
        running--;
        quiet.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    now.shutdownNow();
  }
}
