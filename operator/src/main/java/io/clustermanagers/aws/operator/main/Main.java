package io.clustermanagers.aws.operator.main;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.config.ConfigOptions;
import io.clustermanagers.aws.operator.standalone.StandaloneRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The one jar's entry point: {@code operator} (default) or {@code run -f FILE}. */
@Command(
    name = "aws-cluster-operator",
    mixinStandardHelpOptions = true,
    version = "0.1.0",
    description = "Keeps N workers on AWS Batch, ECS or local processes joined to a coordinator.",
    subcommands = {Main.OperatorCommand.class, Main.RunCommand.class})
public final class Main implements Callable<Integer> {
  @Mixin ConfigOptions options;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Without a subcommand: operator mode. */
  @Override
  public Integer call() throws Exception {
    return new OperatorCommand(options).call();
  }

  @Command(
      name = "operator",
      mixinStandardHelpOptions = true,
      description =
          "Reconcile AwsCluster resources of the cluster in KUBECONFIG or the in-cluster config.")
  static final class OperatorCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    OperatorCommand() {}

    OperatorCommand(ConfigOptions options) {
      this.options = options;
    }

    @Override
    public Integer call() throws InterruptedException {
      KubernetesClient client = new KubernetesClientBuilder().build();
      CountDownLatch stopped = new CountDownLatch(1);
      OperatorMode mode =
          new OperatorMode(
              options.toConfig(EnumSet.of(BackendType.BATCH, BackendType.ECS), 8080),
              client,
              Clock.systemUTC(),
              () -> {
                System.err.println(
                    "lost the leader lease: exiting so a restart rejoins as a follower");
                System.exit(3);
              });
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    mode.close();
                    client.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      mode.start();
      stopped.await();
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Standalone: run the AwsCluster in FILE without Kubernetes until Ctrl-C or SIGTERM, then stop every worker.")
  static final class RunCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(
        names = {"-f", "--file"},
        required = true,
        description = "AwsCluster YAML file.")
    Path file;

    @Option(
        names = "--token-file",
        description = "Write the coordinator token here (mode 600) for a driver program.")
    Path tokenFile;

    @Option(
        names = "--run-id",
        defaultValue = "${env:ACM_RUN_ID}",
        description =
            "Names this run, to run one file twice side by side (1 to 40 lower-case letters,"
                + " digits and '-'; default: none, the run is known by the file's"
                + " namespace/name). A run started again with the same file and run id after a"
                + " crash adopts the workers the earlier one left; a second one started while the"
                + " first runs is refused.")
    String runId;

    @Option(
        names = "--state-dir",
        defaultValue = "${env:ACM_STATE_DIR}",
        description =
            "Where runs keep their lock, coordinator token and port between starts (default:"
                + " aws-cluster-operator/runs in the temporary directory).")
    Path stateDir;

    @Option(
        names = "--stop",
        description =
            "Launch nothing: adopt what an earlier run of this file (and --run-id) left behind,"
                + " stop it, delete its token secret and exit (what a run whose stop ran out of"
                + " time tells you to run).")
    boolean stopOnly;

    @Override
    public Integer call() throws Exception {
      Path state =
          stateDir != null
              ? stateDir
              : Path.of(System.getProperty("java.io.tmpdir"), "aws-cluster-operator", "runs");
      return new StandaloneRun(
              options.toConfig(EnumSet.allOf(BackendType.class), -1),
              new StandaloneRun.Options(
                  file, tokenFile, Optional.ofNullable(runId), state, stopOnly),
              System.out,
              Clock.systemUTC())
          .run();
    }
  }
}
