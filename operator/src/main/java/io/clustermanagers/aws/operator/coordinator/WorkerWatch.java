package io.clustermanagers.aws.operator.coordinator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One watcher of one cluster: the workers it has been told about and a bounded queue of the events
 * its stream has not written yet. {@link ClusterWatchers} fills it (under its own lock); one stream
 * drains it. A watcher whose queue is full has fallen behind: it is cut off at once (its slot
 * freed, its abort hook run) rather than buffered without limit. The stream is told when events are
 * queued ({@link #onQueued}), so that no thread waits on the queue. No HTTP types.
 */
final class WorkerWatch implements AutoCloseable {
  private final BlockingQueue<WatchEvent> pending;
  private final Map<String, RegisteredWorker> known = new HashMap<>();
  private final Consumer<WorkerWatch> onClose;
  private final AtomicReference<Runnable> abort = new AtomicReference<>();
  private final AtomicReference<Runnable> queued = new AtomicReference<>(() -> {});
  private volatile boolean cutOff;
  private boolean ended;

  /**
   * Starts with the initial list and the SYNCED marker already queued; room for {@code capacity}
   * more events (and the final CLOSED).
   */
  WorkerWatch(List<RegisteredWorker> initial, int capacity, Consumer<WorkerWatch> onClose) {
    this(initial.size() + 2 + capacity, onClose);
    for (RegisteredWorker worker : initial) {
      known.put(worker.workerId(), worker);
      pending.add(WatchEvent.added(worker));
    }
    pending.add(WatchEvent.synced());
  }

  private WorkerWatch(int bound, Consumer<WorkerWatch> onClose) {
    this.pending = new LinkedBlockingQueue<>(bound);
    this.onClose = onClose;
  }

  /** A watch of a cluster that is not open: only a CLOSED event. */
  static WorkerWatch closedAtOnce(String message) {
    WorkerWatch watch = new WorkerWatch(1, w -> {});
    watch.end(message);
    return watch;
  }

  // ---- the filling side, called under the lock of ClusterWatchers ----

  /** Queues what changed since the last call; cuts the watcher off when it does not fit. */
  void catchUp(List<RegisteredWorker> current) {
    if (ended || cutOff) {
      return;
    }
    List<WatchEvent> events = WorkerSetDiff.between(known, current);
    if (events.isEmpty()) {
      return;
    }
    for (WatchEvent event : events) {
      if (event.type() == WatchEvent.Type.ADDED) {
        known.put(event.worker().workerId(), event.worker());
      } else {
        known.remove(event.worker().workerId());
      }
      if (!pending.offer(event)) {
        cutOff();
        return;
      }
    }
    queued.get().run();
  }

  /** Queues the final CLOSED event; nothing is queued after it. */
  void end(String message) {
    if (ended || cutOff) {
      return;
    }
    ended = true;
    if (!pending.offer(WatchEvent.closed(message))) {
      cutOff();
      return;
    }
    queued.get().run();
  }

  // ---- the draining side, the stream's thread ----

  /** The next event if one is queued, else null. */
  WatchEvent poll() {
    return pending.poll();
  }

  boolean isCutOff() {
    return cutOff;
  }

  /**
   * What to run after events were queued (on the thread that queued them, under the lock of {@link
   * ClusterWatchers}: it must not block).
   */
  void onQueued(Runnable hook) {
    queued.set(hook);
  }

  /** What to run when the watcher is cut off (at once if it already is). */
  void onCutOff(Runnable hook) {
    abort.set(hook);
    if (cutOff) {
      hook.run();
    }
  }

  /** The stream is done: frees the slot. Idempotent. */
  @Override
  public void close() {
    onClose.accept(this);
  }

  private void cutOff() {
    cutOff = true;
    pending.clear();
    onClose.accept(this);
    Runnable hook = abort.get();
    if (hook != null) {
      hook.run();
    }
  }
}
