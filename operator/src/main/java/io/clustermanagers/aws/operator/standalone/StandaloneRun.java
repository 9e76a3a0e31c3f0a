package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.ClusterReconciler;
import io.clustermanagers.aws.operator.core.ReconcileResult;
import io.clustermanagers.aws.operator.main.CoreAssembly;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Standalone mode: the same core without Kubernetes. Reconciles one AwsCluster from a file until
 * Ctrl-C or SIGTERM, then stops every worker it launched before the process exits: also when a
 * launch is in progress (it is interrupted) and when reconciling failed with any exception.
 */
public final class StandaloneRun {
  private final OperatorConfig config;
  private final Path file;
  private final Path tokenFile;
  private final PrintStream out;
  private final Clock clock;
  private final CountDownLatch finished = new CountDownLatch(1);

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
    // The run's start is the cluster's: spec.maxLifetime counts from it.
    cluster.getMetadata().setCreationTimestamp(clock.instant().toString());
    ProgressView view = new ProgressView(out, clock);
    RandomTokenSource tokens = new RandomTokenSource();
    try (CoreAssembly core =
        new CoreAssembly(
            config,
            (written, baseVersion, status) -> {
              view.status(written, status);
              return null;
            },
            view::event,
            tokens,
            io.clustermanagers.aws.operator.core.WorkersService.NONE,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            clock)) {
      StandaloneLoop loop =
          new StandaloneLoop(
              runCluster(core, cluster, () -> writeToken(tokens.tokenFor(cluster), view)),
              view,
              clock,
              config.timing().resync());
      core.connectTrigger(key -> loop.wake());
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
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> requestStop(loop), "standalone-shutdown"));
      if (loop.run(stopAllowed())) {
        return 0;
      }
      view.say(notStoppedWarning(cluster));
      return 1;
    } finally {
      finished.countDown();
    }
  }

  private static StandaloneLoop.Cluster runCluster(
      CoreAssembly core, AwsCluster cluster, TokenWriter onOpen) {
    ClusterKey key = ClusterReconciler.keyOf(cluster);
    return new StandaloneLoop.Cluster() {
      @Override
      public ReconcileResult reconcile() {
        return core.reconciler().reconcile(cluster);
      }

      @Override
      public ReconcileResult cleanup(String why) {
        return core.reconciler().cleanup(cluster, why);
      }

      @Override
      public void whenOpened() throws IOException {
        onOpen.write();
      }

      @Override
      public boolean isOpen() {
        return core.registry().openedAt(key).isPresent();
      }
    };
  }

  @FunctionalInterface
  private interface TokenWriter {
    void write() throws IOException;
  }

  private Duration stopAllowed() {
    return config.local().stopGrace().plusSeconds(30);
  }

  private String notStoppedWarning(AwsCluster cluster) {
    String uid = cluster.getMetadata().getUid().replace("-", "");
    return "! workers did not confirm they stopped within "
        + stopAllowed().toSeconds()
        + "s. Local processes are killed as this run exits; Batch jobs or ECS tasks named"
        + " or started by acm-"
        + uid
        + " may still run (and cost), with the token secret aws-cluster-operator/"
        + cluster.getMetadata().getNamespace()
        + "/"
        + cluster.getMetadata().getName()
        + "/"
        + cluster.getMetadata().getUid()
        + ": stop and delete them by hand";
  }

  /** The shutdown hook: ends the loop, then waits for the workers to be stopped. */
  private void requestStop(StandaloneLoop loop) {
    loop.requestStop();
    try {
      finished.await(stopAllowed().toSeconds() + 10, TimeUnit.SECONDS);
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
