package io.clustermanagers.aws.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's life: register (retrying), heartbeat, run the workload, deregister, exit with the
 * workload's exit code. {@link #run()} runs on the main thread; {@link #stop()} on the shutdown
 * hook (SIGTERM); {@link #giveUp} when the cluster is gone or the coordinator lost (then the exit
 * code is the {@link GiveUp}'s).
 */
final class Agent {

  /** Registration was refused for good (401, 403 or another non-retryable answer). */
  static final int EXIT_REGISTRATION_REFUSED = 3;

  /** Could not start the workload command (like a shell's "command not found"). */
  static final int EXIT_WORKLOAD_NOT_STARTED = 127;

  static final Duration STOP_DEREGISTER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

  private final RegistrationRetry registration;
  private final HeartbeatLoop heartbeats;
  private final CoordinatorClient client;
  private final WorkloadLauncher launcher;
  private final Duration stopGrace;
  private final AgentLog log;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private CompletableFuture<Duration> registering;
  private Workload workload;
  private boolean stopping;
  private GiveUp gaveUp;
  private boolean registered;

  Agent(
      RegistrationRetry registration,
      HeartbeatLoop heartbeats,
      CoordinatorClient client,
      WorkloadLauncher launcher,
      Duration stopGrace,
      AgentLog log) {
    this.registration = registration;
    this.heartbeats = heartbeats;
    this.client = client;
    this.launcher = launcher;
    this.stopGrace = stopGrace;
    this.log = log;
  }

  /** Runs until the workload ends or the agent is stopped; returns the exit code to exit with. */
  int run() throws InterruptedException {
    int code = registerAndRunWorkload();
    heartbeats.close();
    if (registered && shouldDeregister()) {
      deregister();
    }
    exitCode.complete(code);
    return code;
  }

  /**
   * Stops a running agent: cancels registration or sends SIGTERM to the workload, then waits for
   * {@link #run()} to deregister. Returns run's exit code, or empty when run had already finished
   * (the JVM is exiting on its own) or did not finish in time.
   */
  OptionalInt stop() {
    if (exitCode.isDone()) {
      return OptionalInt.empty();
    }
    log.info("stop requested");
    endWorkload(null);
    try {
      long waitMillis = stopGrace.plus(STOP_MARGIN).toMillis();
      return OptionalInt.of(exitCode.get(waitMillis, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("the agent did not finish in time after the stop request");
      return OptionalInt.empty();
    }
  }

  /** Ends the agent on its own: as {@link #stop()}, then {@link #run()} exits with why's code. */
  void giveUp(GiveUp why) {
    log.error(why.message());
    endWorkload(why);
  }

  /** Cancels registration or stops the workload (SIGTERM, grace, SIGKILL), once. */
  private void endWorkload(GiveUp why) {
    Workload running;
    synchronized (this) {
      if (stopping || exitCode.isDone()) {
        return;
      }
      stopping = true;
      gaveUp = why;
      if (registering != null) {
        registering.cancel(true);
      }
      running = workload;
    }
    if (running == null) {
      return;
    }
    log.info("stopping the workload (SIGTERM, SIGKILL after " + stopGrace.toSeconds() + " s)");
    try {
      running.stop(stopGrace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int registerAndRunWorkload() throws InterruptedException {
    Duration interval;
    try {
      interval = startRegistration().join();
    } catch (CancellationException e) {
      return endedCode(0);
    } catch (CompletionException e) {
      if (e.getCause() instanceof UnexpectedStatusException status && status.isClusterGone()) {
        giveUp(GiveUp.clusterGone(status.getMessage()));
        return GiveUp.EXIT_CLUSTER_GONE;
      }
      log.error("registration refused, giving up: " + AgentLog.describe(e) + hint(e.getCause()));
      return EXIT_REGISTRATION_REFUSED;
    }
    registered = true;
    log.info("registered, heartbeat every " + interval.toMillis() + " ms");
    heartbeats.start(interval);
    Workload started;
    try {
      started = launchUnlessStopping();
    } catch (IOException e) {
      log.error("cannot start the workload: " + AgentLog.describe(e));
      return EXIT_WORKLOAD_NOT_STARTED;
    }
    if (started == null) {
      return endedCode(0);
    }
    int code = started.awaitExit();
    log.info("the workload ended with exit code " + code);
    return endedCode(code);
  }

  /** The give-up's exit code if the agent gave up, else {@code otherwise}. */
  private synchronized int endedCode(int otherwise) {
    return gaveUp == null ? otherwise : gaveUp.exitCode();
  }

  private synchronized boolean shouldDeregister() {
    return gaveUp == null || gaveUp.deregister();
  }

  private synchronized CompletableFuture<Duration> startRegistration() {
    if (stopping) {
      CompletableFuture<Duration> cancelled = new CompletableFuture<>();
      cancelled.cancel(false);
      return cancelled;
    }
    log.info("registering with the coordinator");
    registering = registration.start();
    return registering;
  }

  private synchronized Workload launchUnlessStopping() throws IOException {
    if (stopping) {
      return null;
    }
    log.info(launcher.description());
    workload = launcher.launch();
    return workload;
  }

  private void deregister() throws InterruptedException {
    Duration timeout = isStopping() ? STOP_DEREGISTER_TIMEOUT : CoordinatorClient.REQUEST_TIMEOUT;
    try {
      client.deregister(timeout);
      log.info("deregistered");
    } catch (IOException e) {
      log.warn(
          "could not deregister ("
              + AgentLog.describe(e)
              + "), the coordinator will expire the entry");
    }
  }

  private synchronized boolean isStopping() {
    return stopping;
  }

  private static String hint(Throwable cause) {
    // 401 never ends the registration (it is retried; RegistrationRetry says what to check).
    if (cause instanceof UnexpectedStatusException status && status.status() == 403) {
      return " (the token belongs to another cluster: check ACM_CLUSTER_NAMESPACE / NAME)";
    }
    return "";
  }
}
