package io.clustermanagers.aws.operator.config;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.coordinator.CoordinatorTls;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.core.WorkerLimits;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the operator is configured with, built once from flags and environment.
 *
 * @param coordinatorHost the address the coordinator binds to
 * @param coordinatorPort its port (0: any free port)
 * @param advertisedUrl the URL workers are told to use; default {@code http://host:port} ({@code
 *     https://} with TLS)
 * @param enabledBackends backends this process serves (local is off by default in operator mode: it
 *     runs commands from the spec on the operator's machine)
 * @param aws how AWS clients are built (endpoint override, region, credentials)
 * @param limits the most workers per cluster and in all clusters together
 * @param namespaces namespaces to watch; empty for all
 * @param managementPort port of /metrics, /healthz and /readyz; -1 for none
 * @param leaseNamespace where the leader-election Lease lives; empty: no leader election
 * @param coordinatorTls the coordinator's certificate and key; empty: plain HTTP
 */
public record OperatorConfig(
    String coordinatorHost,
    int coordinatorPort,
    Optional<String> advertisedUrl,
    Set<BackendType> enabledBackends,
    LocalLaunchSettings local,
    AwsSettings aws,
    PlannerPolicy planner,
    WorkerLimits limits,
    ReconcileTiming timing,
    int maxListedWorkers,
    int coordinatorThreads,
    Set<String> namespaces,
    int managementPort,
    Optional<String> leaseNamespace,
    Optional<CoordinatorTls> coordinatorTls) {

  public OperatorConfig {
    enabledBackends = Set.copyOf(enabledBackends);
    namespaces = Set.copyOf(namespaces);
  }

  /** This config with the coordinator on {@code port}. */
  public OperatorConfig withCoordinatorPort(int port) {
    return new OperatorConfig(
        coordinatorHost,
        port,
        advertisedUrl,
        enabledBackends,
        local,
        aws,
        planner,
        limits,
        timing,
        maxListedWorkers,
        coordinatorThreads,
        namespaces,
        managementPort,
        leaseNamespace,
        coordinatorTls);
  }

  /** This config with the local backend launching as {@code local} says. */
  public OperatorConfig withLocal(LocalLaunchSettings local) {
    return new OperatorConfig(
        coordinatorHost,
        coordinatorPort,
        advertisedUrl,
        enabledBackends,
        local,
        aws,
        planner,
        limits,
        timing,
        maxListedWorkers,
        coordinatorThreads,
        namespaces,
        managementPort,
        leaseNamespace,
        coordinatorTls);
  }
}
