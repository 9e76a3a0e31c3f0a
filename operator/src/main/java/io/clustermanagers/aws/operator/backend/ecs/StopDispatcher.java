package io.clustermanagers.aws.operator.backend.ecs;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Future;

/**
 * Sends the queued StopTask calls of every group, fairly and within one bucket: each group's stops
 * wait in their own queue, and each time a token and a free call slot are there, the next call is
 * taken from the next group's queue in turn ({@link RoundRobinQueues}). So a group that asks for a
 * few stops behind another's backlog of thousands has them sent within a few tokens, while the
 * backlog drains at the bucket's rate; across all groups there are never more calls than the bucket
 * allows, nor more than {@code callsInFlight} at once. Tokens are taken when a call is sent, not
 * when it is queued. When the bucket is empty a single wake-up is scheduled for the next token
 * ({@link LaunchRateLimiter#untilAvailable}); nobody sleeps. A call that answers frees its slot and
 * sends the next.
 */
final class StopDispatcher implements AutoCloseable {
  private final TaskStops.Scheduler scheduler;
  private final LaunchRateLimiter rate;
  private final int callsInFlight;
  private final RoundRobinQueues<String, StopCall> queued = new RoundRobinQueues<>();
  private int inFlight;
  private Future<?> wakeUp;
  private boolean closed;

  /**
   * @param scheduler where the calls and the wake-ups run (owned: closed by {@link #close}), with
   *     at least {@code callsInFlight} threads
   * @param rate the StopTask bucket, this dispatcher's alone
   */
  StopDispatcher(TaskStops.Scheduler scheduler, LaunchRateLimiter rate, int callsInFlight) {
    this.scheduler = scheduler;
    this.rate = rate;
    this.callsInFlight = callsInFlight;
  }

  /**
   * Queues the group's calls behind its earlier ones and sends what can go now. Returns how many
   * tokens the bucket held when they were queued: how many of them the bucket allows now.
   */
  synchronized int enqueue(String group, Collection<StopCall> calls) {
    int allowedNow = Math.min(calls.size(), rate.availableNow());
    calls.forEach(call -> queued.add(group, call));
    dispatch();
    return allowedNow;
  }

  /** Calls queued and not yet sent (cancelled ones included until their turn), for tests. */
  synchronized int queuedCount() {
    return queued.size();
  }

  private void dispatch() {
    while (!closed && inFlight < callsInFlight && !queued.isEmpty()) {
      if (rate.availableNow() < 1) {
        wakeUpAfter(rate.untilAvailable(1));
        return;
      }
      StopCall next = nextToSend();
      if (next == null) {
        return; // only cancelled calls were left
      }
      // The token seen above is still there: only this dispatcher takes from the bucket, under
      // its lock, and the bucket only fills meanwhile. A cancelled call costs no token.
      rate.tryTakeNow(1);
      inFlight++;
      scheduler.schedule(() -> sendThenFreeSlot(next), Duration.ZERO);
    }
  }

  /** The next queued call not cancelled, claimed for sending; null if none is left. */
  private StopCall nextToSend() {
    for (StopCall call = queued.poll(); call != null; call = queued.poll()) {
      if (call.claim()) {
        return call;
      }
    }
    return null;
  }

  private void sendThenFreeSlot(StopCall call) {
    try {
      call.send();
    } finally {
      synchronized (this) {
        inFlight--;
        dispatch();
      }
    }
  }

  /** One wake-up at a time: the bucket fills only with time, so a pending one is never late. */
  private void wakeUpAfter(Duration wait) {
    if (wakeUp == null) {
      wakeUp = scheduler.schedule(this::wokenUp, wait);
    }
  }

  private synchronized void wokenUp() {
    wakeUp = null;
    dispatch();
  }

  /** Drops the calls not sent yet (their answers complete) and closes the scheduler. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queued.clear(StopCall::cancel);
    }
    scheduler.close();
  }
}
