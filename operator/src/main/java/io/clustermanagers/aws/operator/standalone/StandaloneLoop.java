package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.operator.core.ReconcileResult;
import io.clustermanagers.aws.operator.core.TransientBackendFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The life of a standalone run: reconcile until stopped, then stop every worker, whatever ended the
 * reconciling (Ctrl-C, SIGTERM, or any failure). A stop request interrupts a reconcile that is in
 * the middle of a long launch, so that stopping does not wait for it to finish.
 */
final class StandaloneLoop {
  /** How often the stop phase looks again at workers that have not confirmed they stopped. */
  private static final Duration STOP_POLL = Duration.ofSeconds(1);

  private static final Duration LONGEST_RETRY = Duration.ofMinutes(2);

  /** The one cluster of the run, as the loop drives it. */
  interface Cluster {
    ReconcileResult reconcile();

    ReconcileResult cleanup(String why);

    /** Runs once the coordinator first accepts the cluster's token. */
    void whenOpened() throws IOException;

    boolean isOpen();

    /** The stop phase begins; it must be over by {@code deadline}. */
    default void stopPhaseBegins(Instant deadline) {}
  }

  private final Cluster cluster;
  private final ProgressView view;
  private final Clock clock;
  private final Duration resync;
  private final Semaphore wake = new Semaphore(0);
  private final Object phase = new Object();
  private Thread reconciling;
  private volatile boolean stopping;

  StandaloneLoop(Cluster cluster, ProgressView view, Clock clock, Duration resync) {
    this.cluster = cluster;
    this.view = view;
    this.clock = clock;
    this.resync = resync;
  }

  /** Something changed (a registration, a process exit): reconcile now. */
  void wake() {
    wake.release();
  }

  /** Ends the reconciling, interrupting a reconcile in progress; safe from any thread. */
  void requestStop() {
    synchronized (phase) {
      stopping = true;
      if (reconciling != null) {
        reconciling.interrupt();
      }
    }
    wake.release();
  }

  /**
   * Reconciles until stopped, then stops every worker within {@code stopAllowed}; true when every
   * worker confirmed it stopped. Stops the workers also when reconciling ends with an exception,
   * which it then rethrows.
   */
  boolean run(Duration stopAllowed) throws InterruptedException, IOException {
    try {
      reconcileUntilStopped();
    } catch (Throwable e) {
      view.say("! the run failed (" + e + "): stopping every worker it launched");
      stopWorkers(stopAllowed);
      throw e;
    }
    return stopWorkers(stopAllowed);
  }

  private void reconcileUntilStopped() throws InterruptedException, IOException {
    boolean opened = false;
    Duration retry = Duration.ofSeconds(1);
    while (!stopping) {
      Duration next;
      try {
        ReconcileResult result = reconcileInterruptibly();
        // Registrations, process exits and Ctrl-C wake the loop before this.
        next = result.requeueAfter().orElse(resync);
        retry = Duration.ofSeconds(1);
      } catch (RuntimeException e) {
        if (stopping) {
          break;
        }
        view.say("! retrying in " + retry.toSeconds() + "s: " + describe(e));
        next = retry;
        retry =
            retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
                ? LONGEST_RETRY
                : retry.multipliedBy(2);
      }
      if (!opened && cluster.isOpen()) {
        cluster.whenOpened();
        opened = true;
      }
      awaitWake(next);
    }
  }

  /** One reconcile, which a stop request interrupts (and only it: never the waits around it). */
  private ReconcileResult reconcileInterruptibly() {
    synchronized (phase) {
      if (stopping) {
        return new ReconcileResult(java.util.Optional.empty(), true);
      }
      reconciling = Thread.currentThread();
    }
    try {
      return cluster.reconcile();
    } finally {
      synchronized (phase) {
        reconciling = null;
      }
      Thread.interrupted(); // a stop request may have interrupted it
    }
  }

  /** True when every worker confirmed it stopped within {@code allowed}. */
  private boolean stopWorkers(Duration allowed) throws InterruptedException {
    view.say("stopping every worker before exiting");
    Instant deadline = clock.instant().plus(allowed);
    cluster.stopPhaseBegins(deadline);
    while (clock.instant().isBefore(deadline)) {
      ReconcileResult result;
      try {
        result = cluster.cleanup("the run is ending");
      } catch (RuntimeException e) {
        view.say("! could not stop the workers yet: " + describe(e));
        result = new ReconcileResult(java.util.Optional.of(STOP_POLL), false);
      }
      if (result.done()) {
        view.say("all workers stopped");
        return true;
      }
      Duration next = result.requeueAfter().orElse(STOP_POLL);
      awaitWake(next.compareTo(STOP_POLL) > 0 ? STOP_POLL : next);
    }
    return false;
  }

  private void awaitWake(Duration timeout) throws InterruptedException {
    if (wake.tryAcquire(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
      wake.drainPermits();
    }
  }

  private static String describe(RuntimeException e) {
    return e instanceof TransientBackendFailure
        ? e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
