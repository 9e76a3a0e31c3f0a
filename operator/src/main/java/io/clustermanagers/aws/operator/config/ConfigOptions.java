package io.clustermanagers.aws.operator.config;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.coordinator.CoordinatorTls;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.core.WorkerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Flags shared by both modes; every flag also reads an ACM_* environment variable. */
public final class ConfigOptions {
  /** The command using these options, so that a bad value is reported as a usage error. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--coordinator-host",
      defaultValue = "${env:ACM_COORDINATOR_HOST:-127.0.0.1}",
      description =
          "Address the coordinator binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 in a cluster).")
  String coordinatorHost;

  @Option(
      names = "--coordinator-port",
      defaultValue = "${env:ACM_COORDINATOR_PORT:-0}",
      description = "Coordinator port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int coordinatorPort;

  @Option(
      names = "--advertised-url",
      defaultValue = "${env:ACM_ADVERTISED_URL}",
      description =
          "URL workers use to reach the coordinator (default: http://host:port, https:// with"
              + " TLS).")
  String advertisedUrl;

  @Option(
      names = "--coordinator-tls-cert-file",
      defaultValue = "${env:ACM_COORDINATOR_TLS_CERT_FILE}",
      description =
          "PEM certificate chain of the coordinator (with --coordinator-tls-key-file: the"
              + " coordinator speaks HTTPS only; default: plain HTTP). In a pod, tls.crt of a"
              + " mounted TLS Secret.")
  Path coordinatorTlsCert;

  @Option(
      names = "--coordinator-tls-key-file",
      defaultValue = "${env:ACM_COORDINATOR_TLS_KEY_FILE}",
      description = "Its private key, unencrypted PKCS#8 PEM (tls.key of the Secret).")
  Path coordinatorTlsKey;

  @Option(
      names = "--coordinator-ca-file",
      defaultValue = "${env:ACM_COORDINATOR_TLS_CA_FILE}",
      description =
          "PEM file of the CA every launched worker is told to trust (as ACM_COORDINATOR_CA) when"
              + " the coordinator speaks HTTPS (default: the last certificate of"
              + " --coordinator-tls-cert-file: the self-signed certificate, or the top of the"
              + " chain; ca.crt of a cert-manager Secret for a private CA). At most 4096 PEM"
              + " characters: it travels in each job's or task's environment. A template that"
              + " sets ACM_COORDINATOR_CA or ACM_COORDINATOR_CA_FILE keeps its own.")
  Path coordinatorCaFile;

  @Option(
      names = "--backends",
      split = ",",
      defaultValue = "${env:ACM_BACKENDS}",
      description =
          "Backends to serve: batch, ecs, local (default: batch,ecs in operator mode; all in run mode).")
  List<String> backends = new ArrayList<>();

  @Option(
      names = "--local-log-dir",
      defaultValue = "${env:ACM_LOCAL_LOG_DIR}",
      description = "Where local workers' output goes (default: a temporary directory).")
  Path localLogDir;

  @Option(
      names = "--stop-grace",
      defaultValue = "${env:ACM_STOP_GRACE:-PT10S}",
      description =
          "How long a local worker gets after SIGTERM (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration stopGrace;

  @Option(
      names = "--local-max-processes",
      defaultValue = "${env:ACM_LOCAL_MAX_PROCESSES:-32}",
      description =
          "The most local worker processes alive at once, across every cluster (default:"
              + " ${DEFAULT-VALUE}: 32 agent JVMs of some 100 MiB each fit a laptop; a spec asking"
              + " for more is more likely a typo than a plan). Raise it on a big machine.")
  int localMaxProcesses;

  @Option(
      names = "--coordinator-threads",
      defaultValue = "${env:ACM_COORDINATOR_THREADS:-0}",
      description =
          "Event loops of the coordinator's HTTP server (default: 0, one per available processor:"
              + " its handlers never block, so more threads than cores only add switching and tail"
              + " latency).")
  int coordinatorThreads;

  @Option(
      names = "--local-starts-per-pass",
      defaultValue = "${env:ACM_LOCAL_STARTS_PER_PASS:-8}",
      description =
          "The most local worker processes one reconcile starts (default: ${DEFAULT-VALUE}: a few"
              + " JVMs starting at once keep a two-core machine responsive; a larger scale-up comes"
              + " in steps). Raise it on a big machine for a faster start.")
  int localStartsPerPass;

  @Option(
      names = "--max-workers-per-cluster",
      defaultValue = "${env:ACM_MAX_WORKERS_PER_CLUSTER:-1000}",
      description =
          "The most workers one cluster may have; beyond it the operator launches up to the limit"
              + " and reports WorkerLimitExceeded (default: ${DEFAULT-VALUE}: ten times a large"
              + " simulation cluster, a tenth of what the CRD allows, so that an extra digit in"
              + " spec.replicas costs at most a thousand workers; raise it for bigger clusters).")
  int maxWorkersPerCluster;

  @Option(
      names = "--max-workers",
      defaultValue = "${env:ACM_MAX_WORKERS:-5000}",
      description =
          "The most workers all clusters of this operator may have together (default:"
              + " ${DEFAULT-VALUE}: five full-size clusters; also what one coordinator serves"
              + " comfortably, 500 heartbeats a second at the default 30s heartbeatTimeout).")
  int maxWorkers;

  @Option(
      names = "--backoff-base",
      defaultValue = "${env:ACM_BACKOFF_BASE:-PT5S}",
      description =
          "Replacement backoff after the first failure; doubles per failure (default: ${DEFAULT-VALUE}).")
  Duration backoffBase;

  @Option(
      names = "--backoff-max",
      defaultValue = "${env:ACM_BACKOFF_MAX:-PT5M}",
      description = "Longest replacement backoff (default: ${DEFAULT-VALUE}).")
  Duration backoffMax;

  @Option(
      names = "--degraded-after",
      defaultValue = "${env:ACM_DEGRADED_AFTER:-3}",
      description =
          "Consecutive failures that make a cluster Degraded (default: ${DEFAULT-VALUE}).")
  int degradedAfter;

  @Option(
      names = "--failure-reset-after",
      defaultValue = "${env:ACM_FAILURE_RESET_AFTER:-PT10M}",
      description =
          "How long all workers must be ready before the failure count starts over (default:"
              + " ${DEFAULT-VALUE}).")
  Duration failureResetAfter;

  @Option(
      names = "--progress-poll",
      defaultValue = "${env:ACM_PROGRESS_POLL:-PT5S}",
      description = "How often to look while workers start or stop (default: ${DEFAULT-VALUE}).")
  Duration progressPoll;

  @Option(
      names = "--resync",
      defaultValue = "${env:ACM_RESYNC:-PT60S}",
      description = "How often to look at a steady cluster (default: ${DEFAULT-VALUE}).")
  Duration resync;

  @Option(
      names = "--aws-endpoint-url",
      description =
          "Endpoint for every AWS service, e.g. an emulator (default: the SDK's own, which honours"
              + " AWS_ENDPOINT_URL).")
  java.net.URI awsEndpoint;

  @Option(
      names = "--aws-region",
      description = "Region when a cluster names none (default: the SDK's chain, e.g. AWS_REGION).")
  String awsRegion;

  @Option(
      names = "--aws-token-delivery",
      defaultValue = "${env:ACM_AWS_TOKEN_DELIVERY:-secrets-manager}",
      description =
          "How AWS workers get their cluster's token: secrets-manager (a secret per cluster, the"
              + " agent reads it with the job's or task's role; default) or environment (the token"
              + " in the job's or task's environment, readable by whoever may describe it).")
  String awsTokenDelivery;

  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:ACM_NAMESPACES}",
      description = "Namespaces to watch (default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--management-port",
      defaultValue = "${env:ACM_MANAGEMENT_PORT}",
      description =
          "Port of /metrics, /healthz and /readyz (default: 8080 in operator mode, none in run mode; -1: none).")
  Integer managementPort;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description =
          "Namespace of the leader-election Lease (default: POD_NAMESPACE; unset: no leader election).")
  String leaseNamespace;

  @Option(
      names = "--no-leader-election",
      description =
          "Run without leader election even where a lease namespace is known (one replica only).")
  boolean noLeaderElection;

  /**
   * The immutable config; {@code defaultBackends} applies when --backends is not given, {@code
   * defaultManagementPort} when --management-port is not.
   */
  public OperatorConfig toConfig(Set<BackendType> defaultBackends, int defaultManagementPort) {
    Set<BackendType> enabled =
        backends == null || backends.isEmpty() ? defaultBackends : parseBackends();
    Path logs =
        localLogDir != null
            ? localLogDir
            : Path.of(System.getProperty("java.io.tmpdir"), "aws-cluster-operator");
    return new OperatorConfig(
        coordinatorHost,
        coordinatorPort,
        Optional.ofNullable(advertisedUrl).filter(s -> !s.isBlank()),
        enabled,
        new LocalLaunchSettings(
            LocalLaunchSettings.agentFromThisJvm(),
            logs,
            stopGrace,
            atLeastOne("--local-max-processes", localMaxProcesses),
            atLeastOne("--local-starts-per-pass", localStartsPerPass)),
        new AwsSettings(
            Optional.ofNullable(awsEndpoint),
            Optional.ofNullable(awsRegion),
            Optional.empty(),
            java.util.List.of(),
            parseTokenDelivery()),
        new PlannerPolicy(backoffBase, backoffMax, degradedAfter, failureResetAfter),
        new WorkerLimits(
            atLeastOne("--max-workers-per-cluster", maxWorkersPerCluster),
            atLeastOne("--max-workers", maxWorkers)),
        new ReconcileTiming(progressPoll, resync, Duration.ofMinutes(5)),
        50,
        coordinatorThreads(),
        namespaces == null ? Set.of() : Set.copyOf(namespaces),
        managementPort == null ? defaultManagementPort : managementPort,
        noLeaderElection
            ? Optional.empty()
            : Optional.ofNullable(leaseNamespace).filter(s -> !s.isBlank()),
        coordinatorTls());
  }

  private int coordinatorThreads() {
    if (coordinatorThreads < 0) {
      throw invalid(
          "--coordinator-threads: must be 0 (one per processor) or more, got "
              + coordinatorThreads);
    }
    return coordinatorThreads == 0
        ? Runtime.getRuntime().availableProcessors()
        : coordinatorThreads;
  }

  private Optional<CoordinatorTls> coordinatorTls() {
    if (coordinatorTlsCert == null && coordinatorTlsKey == null) {
      if (coordinatorCaFile != null) {
        throw invalid(
            "--coordinator-ca-file: only with --coordinator-tls-cert-file and"
                + " --coordinator-tls-key-file (a coordinator without TLS needs no CA)");
      }
      return Optional.empty();
    }
    if (coordinatorTlsCert == null || coordinatorTlsKey == null) {
      throw invalid(
          "--coordinator-tls-cert-file and --coordinator-tls-key-file go together: give both or"
              + " neither");
    }
    return Optional.of(
        new CoordinatorTls(
            coordinatorTlsCert, coordinatorTlsKey, Optional.ofNullable(coordinatorCaFile)));
  }

  private int atLeastOne(String flag, int value) {
    if (value < 1) {
      throw invalid(flag + ": must be at least 1, got " + value);
    }
    return value;
  }

  private TokenDelivery.Mode parseTokenDelivery() {
    return switch (awsTokenDelivery == null ? "secrets-manager" : awsTokenDelivery.trim()) {
      case "secrets-manager" -> TokenDelivery.Mode.SECRETS_MANAGER;
      case "environment" -> TokenDelivery.Mode.ENVIRONMENT;
      default ->
          throw invalid(
              "--aws-token-delivery: unknown \""
                  + awsTokenDelivery
                  + "\" (secrets-manager, environment)");
    };
  }

  private Set<BackendType> parseBackends() {
    Set<BackendType> result = EnumSet.noneOf(BackendType.class);
    for (String name : backends) {
      result.add(
          BackendType.fromSpecValue(name)
              .orElseThrow(
                  () ->
                      invalid("--backends: unknown backend \"" + name + "\" (batch, ecs, local)")));
    }
    return result;
  }

  /** Picocli prints it with the usage and exits 2, instead of a stack trace. */
  private CommandLine.ParameterException invalid(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }
}
