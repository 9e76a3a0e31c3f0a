package io.clustermanagers.aws.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives up once the coordinator has not been reached for the loss timeout, so that a worker whose
 * operator is gone for good (deleted, its machine lost, the network cut) stops on its own. A
 * coordinator that restarts within the timeout is reached again when the agent registers again.
 */
final class CoordinatorLossWatch implements AutoCloseable {

  private static final Duration SHORTEST_CHECK = Duration.ofMillis(100);
  private static final Duration LONGEST_CHECK = Duration.ofSeconds(5);

  private final CoordinatorContact contact;
  private final Duration timeout;
  private final GiveUpSignal signal;
  private ScheduledFuture<?> task;

  CoordinatorLossWatch(CoordinatorContact contact, Duration timeout, GiveUpSignal signal) {
    this.contact = contact;
    this.timeout = timeout;
    this.signal = signal;
  }

  /** Checks every tenth of the timeout (between 100 ms and 5 s). */
  synchronized void start(ScheduledExecutorService scheduler) {
    long millis = checkInterval(timeout).toMillis();
    task = scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Gives up when the coordinator has been silent for the timeout or longer. */
  void check() {
    if (contact.silentFor().compareTo(timeout) >= 0) {
      signal.giveUp(GiveUp.coordinatorLost(timeout, contact.lastReached()));
    }
  }

  static Duration checkInterval(Duration timeout) {
    Duration tenth = timeout.dividedBy(10);
    if (tenth.compareTo(SHORTEST_CHECK) < 0) {
      return SHORTEST_CHECK;
    }
    return tenth.compareTo(LONGEST_CHECK) > 0 ? LONGEST_CHECK : tenth;
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
