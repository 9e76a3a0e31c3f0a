package io.clustermanagers.aws.operator.coordinator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the watch endpoint runs on, owned by {@link CoordinatorServer}: the hub (a listener of the
 * registry while the server runs), the executor whose threads write the streams (one per open
 * stream), and the timer that cuts off writes that block too long.
 */
record WatchParts(
    WorkerRegistry registry,
    WorkerWatchHub hub,
    ExecutorService streams,
    ScheduledExecutorService timer) {

  static WatchParts start(WorkerRegistry registry, WatchSettings settings) {
    WorkerWatchHub hub = new WorkerWatchHub(registry, settings);
    registry.addListener(hub);
    return new WatchParts(
        registry,
        hub,
        Executors.newCachedThreadPool(CoordinatorServer.threadFactory("coordinator-watch-")),
        Executors.newSingleThreadScheduledExecutor(
            CoordinatorServer.threadFactory("coordinator-watch-timer-")));
  }

  /** Stops hearing the registry and ends every watcher (they receive CLOSED if still reading). */
  void close() {
    registry.removeListener(hub);
    hub.close("the coordinator is shutting down");
  }

  /** Interrupts the streams still writing. */
  void shutdownNow() {
    streams.shutdownNow();
    timer.shutdownNow();
  }
}
