package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.ClusterReconciler;
import io.clustermanagers.aws.operator.core.ReconcileResult;
import io.clustermanagers.aws.operator.core.TokenSource;
import io.clustermanagers.aws.operator.main.CoreAssembly;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Standalone mode: the same core without Kubernetes. Reconciles one AwsCluster from a file until
 * Ctrl-C or SIGTERM, then stops every worker it launched before the process exits: also when a
 * launch is in progress (it is interrupted) and when reconciling failed with any exception.
 *
 * <p>A run has a stable identity ({@link RunIdentity}): started again after a crash, it adopts the
 * jobs, tasks or processes the earlier run left, with its token and coordinator port ({@link
 * RunState}), and a second run of the same identity is refused while the first lives.
 */
public final class StandaloneRun {
  /**
   * What {@code run} was given besides the shared flags.
   *
   * @param file the AwsCluster YAML file
   * @param tokenFile where to write the coordinator token for a driver, or null
   * @param runId {@code --run-id}: tells apart two runs of one file; empty for the default identity
   * @param stateDirectory {@code --state-dir}: where runs keep their lock, token and port
   * @param stopOnly {@code --stop}: launch nothing, stop what an earlier run of this identity left
   *     (workers, token secret) and exit
   */
  public record Options(
      Path file, Path tokenFile, Optional<String> runId, Path stateDirectory, boolean stopOnly) {

    /** A run that reconciles until stopped. */
    public Options(Path file, Path tokenFile, Optional<String> runId, Path stateDirectory) {
      this(file, tokenFile, runId, stateDirectory, false);
    }
  }

  /** Part of the run's first line, printed once a SIGTERM from then on stops every worker. */
  static final String STOP_HINT = "Ctrl-C or SIGTERM stops it and every worker it runs";

  private final OperatorConfig config;
  private final Options options;
  private final PrintStream out;
  private final Clock clock;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Object stopLock = new Object();
  private boolean stopRequested;
  private StandaloneLoop loop;

  public StandaloneRun(OperatorConfig config, Options options, PrintStream out, Clock clock) {
    // Two runs of one file under different run ids must not share worker logs and pid files.
    this.config =
        options
            .runId()
            .filter(id -> !id.isEmpty())
            .map(
                id ->
                    config.withLocal(
                        config.local().withLogDirectory(config.local().logDirectory().resolve(id))))
            .orElse(config);
    this.options = options;
    this.out = out;
    this.clock = clock;
  }

  /**
   * Runs until stopped; returns the process exit code. The shutdown hook comes first, before the
   * file is read: a SIGTERM at any later point (also while the core starts, before anything adopted
   * the earlier run's workers) still ends in the stop of every worker of this run's identity.
   */
  public int run() throws InterruptedException, IOException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "standalone-shutdown"));
    try {
      return readAndRun();
    } finally {
      finished.countDown();
    }
  }

  private int readAndRun() throws InterruptedException, IOException {
    out.println("run of " + options.file() + " starting (" + STOP_HINT + ")");
    AwsCluster cluster;
    RunIdentity identity;
    try {
      cluster = ClusterFile.read(options.file(), SchemaCheck.awsCluster());
      identity =
          RunIdentity.of(
              cluster.getMetadata().getNamespace(),
              cluster.getMetadata().getName(),
              options.runId());
    } catch (ClusterFile.InvalidClusterFile | RunIdentity.InvalidRunId e) {
      e.getMessage().lines().forEach(line -> out.println("error: " + line));
      return 2;
    }
    // Stable, so that a run started again finds the jobs, tasks and processes of this one.
    cluster.getMetadata().setUid(identity.uid());
    // The run's start is the cluster's: spec.maxLifetime counts from it.
    cluster.getMetadata().setCreationTimestamp(clock.instant().toString());
    RunState state;
    try {
      state = RunState.lock(options.stateDirectory(), identity);
    } catch (RunState.AlreadyRunning e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
    try (state) {
      return run(cluster, identity, state);
    }
  }

  private int run(AwsCluster cluster, RunIdentity identity, RunState state)
      throws InterruptedException, IOException {
    ProgressView view = new ProgressView(out, clock);
    if (state.earlierRunLeftWorkers()) {
      view.say(
          "an earlier run of "
              + identity.describe()
              + " ended without stopping its workers: adopting what it left (state in "
              + state.directory()
              + ")");
    }
    TokenSource tokens = state.tokens();
    try (CoreAssembly core = openCore(state, view, tokens)) {
      state.recordCoordinatorPort(core.coordinatorPort());
      StandaloneLoop loop =
          new StandaloneLoop(
              runCluster(core, cluster, () -> writeToken(tokens.tokenFor(cluster), view)),
              view,
              clock,
              config.timing().resync());
      core.connectTrigger(key -> loop.wake());
      view.say("coordinator listening at " + core.coordinatorUrl() + " for " + identity.describe());
      core.unreachableCoordinatorWarning(
              BackendType.fromSpecValue(cluster.getSpec().getBackend()).stream().toList())
          .ifPresent(w -> view.say("! " + w));
      // A stop asked for while the core started makes the loop go straight to the stop phase,
      // which observes the backend (adopting what the earlier run left) and stops every worker.
      if (options.stopOnly()) {
        view.say(
            LeftBehindReport.STOP_FLAG
                + ": launching nothing; stopping what runs of "
                + identity.describe()
                + " left, then exiting");
        requestStop();
      }
      startLoop(loop);
      if (loop.run(stopAllowed())) {
        state.forgetWorkers();
        return 0;
      }
      leftBehind(core, cluster, identity, state).lines().forEach(view::say);
      return 1;
    }
  }

  /**
   * Asks the run to stop from any thread, at any point of its life: a loop not yet started starts
   * stopping.
   */
  void requestStop() {
    synchronized (stopLock) {
      stopRequested = true;
      if (loop != null) {
        loop.requestStop();
      }
    }
  }

  private void startLoop(StandaloneLoop started) {
    synchronized (stopLock) {
      loop = started;
      if (stopRequested) {
        started.requestStop();
      }
    }
  }

  /**
   * The core, its coordinator on the earlier run's port when no port was asked for (workers that
   * run rejoin at the URL they know), else on any free one.
   */
  private CoreAssembly openCore(RunState state, ProgressView view, TokenSource tokens) {
    OptionalInt earlier = state.earlierCoordinatorPort();
    if (config.coordinatorPort() == 0 && earlier.isPresent()) {
      try {
        return core(config.withCoordinatorPort(earlier.getAsInt()), view, tokens);
      } catch (UncheckedIOException taken) {
        view.say(
            "! the earlier run's coordinator port "
                + earlier.getAsInt()
                + " is taken: its workers cannot rejoin and will be replaced");
      }
    }
    return core(config, view, tokens);
  }

  private CoreAssembly core(OperatorConfig config, ProgressView view, TokenSource tokens) {
    return new CoreAssembly(
        config,
        (written, baseVersion, status) -> {
          view.status(written, status);
          return null;
        },
        view::event,
        tokens,
        io.clustermanagers.aws.operator.core.WorkersService.NONE,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        clock);
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

      @Override
      public void stopPhaseBegins(Instant deadline) {
        core.beginStopPhase(deadline);
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

  /** What is left after a stop phase that ran out of time, from a last (short) look. */
  private LeftBehindReport leftBehind(
      CoreAssembly core, AwsCluster cluster, RunIdentity identity, RunState state) {
    List<BackendWorker> workers = List.of();
    Optional<String> lookFailed = Optional.empty();
    try {
      workers = core.workersNotEnded(cluster);
    } catch (BackendException | RuntimeException e) {
      lookFailed = Optional.of(e.getMessage());
    }
    boolean secretHeld =
        !BackendType.LOCAL.specValue().equals(cluster.getSpec().getBackend())
            && config.aws().tokenDelivery() == TokenDelivery.Mode.SECRETS_MANAGER;
    return new LeftBehindReport(
        identity,
        options.file(),
        stopAllowed(),
        workers,
        lookFailed,
        secretHeld
            ? Optional.of(
                "aws-cluster-operator/"
                    + cluster.getMetadata().getNamespace()
                    + "/"
                    + cluster.getMetadata().getName()
                    + "/"
                    + cluster.getMetadata().getUid())
            : Optional.empty(),
        state.directory());
  }

  /** The shutdown hook: ends the loop, then waits for the workers to be stopped. */
  private void stopAndWait() {
    requestStop();
    try {
      finished.await(stopAllowed().toSeconds() + 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeToken(String token, ProgressView view) throws IOException {
    Path tokenFile = options.tokenFile();
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
