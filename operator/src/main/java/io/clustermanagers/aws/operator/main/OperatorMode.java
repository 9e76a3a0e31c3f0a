package io.clustermanagers.aws.operator.main;

import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.controller.AwsClusterController;
import io.clustermanagers.aws.operator.controller.ClusterTriggerEventSource;
import io.clustermanagers.aws.operator.controller.KubernetesEventSink;
import io.clustermanagers.aws.operator.controller.KubernetesStatusSink;
import io.clustermanagers.aws.operator.controller.OperatorFactory;
import io.clustermanagers.aws.operator.controller.SecretTokenSource;
import io.clustermanagers.aws.operator.controller.WorkerDiscovery;
import io.clustermanagers.aws.operator.metrics.JvmMetrics;
import io.clustermanagers.aws.operator.metrics.ManagementServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Operator mode: reconciles the AwsClusters of a Kubernetes cluster. Owns what it starts. */
public final class OperatorMode implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OperatorMode.class);

  /** Joins and leaves within this time go to Kubernetes in one write per EndpointSlice. */
  private static final Duration DISCOVERY_BATCH = Duration.ofSeconds(1);

  /**
   * After a restart, the EndpointSlices found are kept as they are this long (the default heartbeat
   * timeout), while the running workers register again.
   */
  private static final Duration DISCOVERY_GRACE = Duration.ofSeconds(30);

  /**
   * How often the memory of clusters deleted without a cleanup (a finalizer removed by hand) is
   * looked for: a map lookup per cluster in the informer's cache, so cheap.
   */
  static final Duration GONE_CLUSTER_SWEEP = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LeaderState leader;
  private final OperatorConfig config;
  private final CoreAssembly core;
  private final Operator operator;
  private final WorkerDiscovery discovery;
  private final AwsClusterController controller;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gone-cluster-sweep");
            t.setDaemon(true);
            return t;
          });
  private ManagementServer management;

  /**
   * @param onLostLeadership run when this replica loses the lease while running
   */
  public OperatorMode(
      OperatorConfig config, KubernetesClient client, Clock clock, Runnable onLostLeadership) {
    this.config = config;
    this.leader = new LeaderState(onLostLeadership);
    JvmMetrics.bindTo(meters);
    this.core =
        new CoreAssembly(
            config,
            new KubernetesStatusSink(client),
            new KubernetesEventSink(client, clock, Duration.ofMinutes(5)),
            new SecretTokenSource(client),
            WorkerDiscovery.SERVICE_NAMES,
            meters,
            clock);
    ClusterTriggerEventSource triggers = new ClusterTriggerEventSource();
    core.connectTrigger(triggers);
    this.discovery =
        new WorkerDiscovery(client, core.registry(), DISCOVERY_BATCH, DISCOVERY_GRACE, clock);
    core.registry().addListener(discovery);
    this.controller = new AwsClusterController(core.reconciler(), triggers, discovery);
    this.operator =
        OperatorFactory.create(
            client,
            controller,
            config.namespaces(),
            meters,
            config.leaseNamespace().map(leader::configuration));
  }

  /** Starts the management port first (so probes answer during startup), then the operator. */
  public void start() {
    core.unreachableCoordinatorWarning(config.enabledBackends()).ifPresent(LOG::warn);
    if (config.managementPort() >= 0) {
      try {
        management =
            ManagementServer.start(
                new InetSocketAddress(config.coordinatorHost(), config.managementPort()),
                meters,
                this::isReady);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot start the management port " + config.managementPort(), e);
      }
    }
    operator.start();
    sweeper.scheduleWithFixedDelay(
        this::releaseGoneClusters,
        GONE_CLUSTER_SWEEP.toMillis(),
        GONE_CLUSTER_SWEEP.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void releaseGoneClusters() {
    try {
      controller.releaseGoneClusters();
    } catch (RuntimeException e) {
      LOG.warn("could not release the memory of deleted AwsClusters; trying again later", e);
    }
  }

  /** Informers healthy and, with leader election, this replica leads (it holds the registry). */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy()
        && (config.leaseNamespace().isEmpty() || leader.isLeading());
  }

  /** The bound management port, or -1. */
  public int managementPort() {
    return management == null ? -1 : management.port();
  }

  public CoreAssembly core() {
    return core;
  }

  @Override
  public void close() {
    leader.closing();
    sweeper.shutdownNow();
    operator.stop();
    discovery.close();
    if (management != null) {
      management.close();
    }
    core.close();
  }
}
