package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.ClusterReconciler;
import io.clustermanagers.aws.operator.core.ReconcileResult;
import io.clustermanagers.aws.operator.core.TransientBackendFailure;
import io.clustermanagers.aws.operator.main.CoreAssembly;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Standalone mode: the same core without Kubernetes. Reconciles one AwsCluster from a file until
 * Ctrl-C or SIGTERM, then stops every worker it launched before the process exits.
 */
public final class StandaloneRun {
  /** How often the stop phase looks again at workers that have not confirmed they stopped. */
  private static final Duration STOP_POLL = Duration.ofSeconds(1);

  private final OperatorConfig config;
  private final Path file;
  private final Path tokenFile;
  private final PrintStream out;
  private final Clock clock;
  private final Semaphore wake = new Semaphore(0);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean stopping;

  public StandaloneRun(
      OperatorConfig config, Path file, Path tokenFile, PrintStream out, Clock clock) {
    this.config = config;
    this.file = file;
    this.tokenFile = tokenFile;
    this.out = out;
    this.clock = clock;
  }

  /** Runs until stopped; returns the process exit code. */
  public int run() throws InterruptedException, IOException {
    AwsCluster cluster;
    try {
      cluster = ClusterFile.read(file, SchemaCheck.awsCluster());
    } catch (ClusterFile.InvalidClusterFile e) {
      e.getMessage().lines().forEach(line -> out.println("error: " + line));
      return 2;
    }
    ProgressView view = new ProgressView(out, clock);
    RandomTokenSource tokens = new RandomTokenSource();
    try (CoreAssembly core =
        new CoreAssembly(
            config,
            view::status,
            view::event,
            tokens,
            io.clustermanagers.aws.operator.core.WorkersService.NONE,
            io.clustermanagers.aws.operator.core.WorkersToDeleteEditor.NONE,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            clock)) {
      core.connectTrigger(key -> wake.release());
      view.say(
          "coordinator listening at "
              + core.coordinatorUrl()
              + " for "
              + cluster.getMetadata().getNamespace()
              + "/"
              + cluster.getMetadata().getName());
      core.unreachableCoordinatorWarning(
              BackendType.fromSpecValue(cluster.getSpec().getBackend()).stream().toList())
          .ifPresent(w -> view.say("! " + w));
      Runtime.getRuntime().addShutdownHook(new Thread(this::requestStop, "standalone-shutdown"));
      reconcileUntilStopped(core, cluster, view, () -> writeToken(tokens.tokenFor(cluster), view));
      return stopWorkers(core, cluster, view) ? 0 : 1;
    } finally {
      finished.countDown();
    }
  }

  /**
   * Reconciles until stopped. {@code onOpen} runs once, as soon as the coordinator accepts the
   * cluster's token (the first reconcile opens it), so that a driver that reads the token file at
   * once is not refused.
   */
  private void reconcileUntilStopped(
      CoreAssembly core, AwsCluster cluster, ProgressView view, TokenWriter onOpen)
      throws InterruptedException, IOException {
    ClusterKey key = ClusterReconciler.keyOf(cluster);
    boolean opened = false;
    Duration retry = Duration.ofSeconds(1);
    while (!stopping) {
      Duration next;
      try {
        ReconcileResult result = core.reconciler().reconcile(cluster);
        // Registrations, process exits and Ctrl-C wake the loop before this.
        next = result.requeueAfter().orElse(config.timing().resync());
        retry = Duration.ofSeconds(1);
      } catch (TransientBackendFailure e) {
        view.say("! retrying in " + retry.toSeconds() + "s: " + e.getMessage());
        next = retry;
        retry =
            retry.multipliedBy(2).compareTo(Duration.ofMinutes(2)) > 0
                ? Duration.ofMinutes(2)
                : retry.multipliedBy(2);
      }
      if (!opened && core.registry().openedAt(key).isPresent()) {
        onOpen.write();
        opened = true;
      }
      awaitWake(next);
    }
  }

  @FunctionalInterface
  private interface TokenWriter {
    void write() throws IOException;
  }

  /** True when every worker confirmed it stopped (and the run's AWS token secret is gone). */
  private boolean stopWorkers(CoreAssembly core, AwsCluster cluster, ProgressView view)
      throws InterruptedException {
    view.say("stopping every worker before exiting");
    Duration allowed = config.local().stopGrace().plusSeconds(30);
    Instant deadline = clock.instant().plus(allowed);
    while (clock.instant().isBefore(deadline)) {
      ReconcileResult result = core.reconciler().cleanup(cluster, "the run is ending");
      if (result.done()) {
        view.say("all workers stopped");
        return true;
      }
      Duration next = result.requeueAfter().orElse(STOP_POLL);
      awaitWake(next.compareTo(STOP_POLL) > 0 ? STOP_POLL : next);
    }
    String uid = cluster.getMetadata().getUid().replace("-", "");
    view.say(
        "! workers did not confirm they stopped within "
            + allowed.toSeconds()
            + "s. Local processes are killed as this run exits; Batch jobs or ECS tasks named"
            + " or started by acm-"
            + uid
            + " may still run (and cost), with the token secret aws-cluster-operator/"
            + cluster.getMetadata().getNamespace()
            + "/"
            + cluster.getMetadata().getName()
            + "/"
            + cluster.getMetadata().getUid()
            + ": stop and delete them by hand");
    return false;
  }

  private void awaitWake(Duration timeout) throws InterruptedException {
    if (wake.tryAcquire(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
      wake.drainPermits();
    }
  }

  private void requestStop() {
    stopping = true;
    wake.release();
    try {
      finished.await(config.local().stopGrace().toSeconds() + 40, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeToken(String token, ProgressView view) throws IOException {
    if (tokenFile == null) {
      return;
    }
    Files.deleteIfExists(tokenFile);
    Files.createFile(
        tokenFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token);
    view.say("coordinator token written to " + tokenFile);
  }
}
