package io.clustermanagers.aws.operator.main;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.AwsCallMetrics;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.aws.StopPhaseTimeouts;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import io.clustermanagers.aws.operator.backend.batch.BatchWorkerBackend;
import io.clustermanagers.aws.operator.backend.ecs.EcsWorkerBackend;
import io.clustermanagers.aws.operator.backend.local.LocalWorkerBackend;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.coordinator.CoordinatorServer;
import io.clustermanagers.aws.operator.coordinator.CoordinatorTls;
import io.clustermanagers.aws.operator.coordinator.RequestObserver;
import io.clustermanagers.aws.operator.coordinator.WatchSettings;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.core.ClusterAccess;
import io.clustermanagers.aws.operator.core.ClusterAdmission;
import io.clustermanagers.aws.operator.core.ClusterLimits;
import io.clustermanagers.aws.operator.core.ClusterMemory;
import io.clustermanagers.aws.operator.core.ClusterMetrics;
import io.clustermanagers.aws.operator.core.ClusterObserver;
import io.clustermanagers.aws.operator.core.ClusterReconciler;
import io.clustermanagers.aws.operator.core.ClusterTeardown;
import io.clustermanagers.aws.operator.core.EventSink;
import io.clustermanagers.aws.operator.core.ObservationReuse;
import io.clustermanagers.aws.operator.core.PlanExecutor;
import io.clustermanagers.aws.operator.core.ProblemReport;
import io.clustermanagers.aws.operator.core.ReconcileTrigger;
import io.clustermanagers.aws.operator.core.RequeueDelay;
import io.clustermanagers.aws.operator.core.SpecValidator;
import io.clustermanagers.aws.operator.core.StatusCalculator;
import io.clustermanagers.aws.operator.core.StatusReport;
import io.clustermanagers.aws.operator.core.TokenSource;
import io.clustermanagers.aws.operator.core.WorkerBudget;
import io.clustermanagers.aws.operator.core.WorkerPlanner;
import io.clustermanagers.aws.operator.core.WorkerQuota;
import io.clustermanagers.aws.operator.core.WorkersService;
import io.clustermanagers.aws.operator.metrics.MicrometerClusterMetrics;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import io.clustermanagers.aws.operator.status.StatusSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Builds the parts both modes share (coordinator, backends, the core) and owns the servers and
 * backends it starts. The mode supplies where status, events and tokens go.
 */
public final class CoreAssembly implements AutoCloseable {
  /** Registration-only status writes per cluster: at most one per this (issue 11: ≤ 1/s). */
  private static final Duration STATUS_EVERY = Duration.ofSeconds(1);

  private final TriggerRelay triggers = new TriggerRelay();
  private final WorkerRegistry registry;
  private final CoordinatorServer coordinator;
  private final AwsClientFactory aws;
  private final WorkerBackends backends;
  private final ClusterReconciler reconciler;
  private final String coordinatorUrl;
  private final Optional<String> coordinatorCa;
  private final StopPhaseTimeouts stopPhase;

  public CoreAssembly(
      OperatorConfig config,
      StatusSink status,
      EventSink events,
      TokenSource tokens,
      WorkersService workersService,
      MeterRegistry meters,
      Clock clock) {
    // A registration needs a reconcile, not a new AWS observe (ObservationReuse), and its status
    // waits up to a second; a backend happening (a local worker's process ended) needs both.
    ObservationReuse observations =
        new ObservationReuse(config.timing().progressPoll(), STATUS_EVERY);
    // Read before the coordinator starts: a CA workers could not be given stops the start.
    this.coordinatorCa = config.coordinatorTls().map(CoordinatorTls::workerCa);
    this.registry =
        new WorkerRegistry(
            clock,
            key -> {
              observations.registrationChanged(key);
              triggers.reconcileNow(key);
            });
    this.coordinator = startCoordinator(config, registry, requestCounter(meters));
    this.coordinatorUrl =
        config
            .advertisedUrl()
            .orElse(
                (config.coordinatorTls().isPresent() ? "https://" : "http://")
                    + config.coordinatorHost()
                    + ":"
                    + coordinator.port());
    this.stopPhase = new StopPhaseTimeouts(clock);
    this.aws = new AwsClientFactory(withInterceptors(config.aws(), meters, stopPhase));
    this.backends =
        backends(
            config,
            aws,
            clock,
            key -> {
              observations.invalidate(key);
              triggers.reconcileNow(key);
            });
    this.reconciler =
        reconciler(config, status, events, tokens, workersService, meters, clock, observations);
  }

  /** The core's steps, each given only the collaborators it uses. */
  private ClusterReconciler reconciler(
      OperatorConfig config,
      StatusSink status,
      EventSink events,
      TokenSource tokens,
      WorkersService workersService,
      MeterRegistry meters,
      Clock clock,
      ObservationReuse observations) {
    ClusterMetrics metrics = new MicrometerClusterMetrics(meters);
    StatusRecorder recorder = new StatusRecorder(status);
    WorkerQuota quota = new WorkerQuota(config.limits(), new WorkerBudget(config.limits().total()));
    ClusterAccess access =
        new ClusterAccess(registry, tokens, workersService, coordinatorUrl, coordinatorCa);
    StatusReport report =
        new StatusReport(
            new StatusCalculator(config.maxListedWorkers(), config.planner().degradedAfter()),
            recorder,
            access,
            events,
            metrics);
    ProblemReport problems = new ProblemReport(report, events, metrics, config.timing());
    ClusterMemory memory = new ClusterMemory(observations, access, recorder, metrics, quota);
    return new ClusterReconciler(
        new ClusterAdmission(backends, new SpecValidator(backends.enabled()), access),
        new ClusterObserver(observations, registry),
        new ClusterLimits(quota),
        new WorkerPlanner(config.planner()),
        new PlanExecutor(report, registry, observations, events, metrics, clock),
        report,
        new RequeueDelay(config.timing()),
        problems,
        new ClusterTeardown(
            backends, access, memory, problems, events, metrics, config.timing(), clock),
        memory,
        clock);
  }

  /** Where worker and backend happenings go once the mode's trigger exists. */
  public void connectTrigger(ReconcileTrigger trigger) {
    triggers.connect(trigger);
  }

  public ClusterReconciler reconciler() {
    return reconciler;
  }

  public WorkerRegistry registry() {
    return registry;
  }

  public String coordinatorUrl() {
    return coordinatorUrl;
  }

  /**
   * A warning when workers of these backends run in AWS but are told a coordinator URL that only
   * reaches their own host (a loopback or wildcard address, as without {@code --advertised-url}).
   */
  public Optional<String> unreachableCoordinatorWarning(Collection<BackendType> backends) {
    boolean inAws = backends.stream().anyMatch(b -> b != BackendType.LOCAL);
    String host = URI.create(coordinatorUrl).getHost();
    boolean ownHostOnly;
    try {
      InetAddress address = InetAddress.getByName(host);
      ownHostOnly = address.isLoopbackAddress() || address.isAnyLocalAddress();
    } catch (UnknownHostException | SecurityException e) {
      ownHostOnly = false;
    }
    return inAws && ownHostOnly
        ? Optional.of(
            "workers in AWS are told to reach the coordinator at "
                + coordinatorUrl
                + ", which only leads back to themselves: set --advertised-url"
                + " (ACM_ADVERTISED_URL) to an address they can reach")
        : Optional.empty();
  }

  /**
   * A stop phase that must be over by {@code deadline} begins: from now on every AWS call is
   * bounded to fit it ({@link StopPhaseTimeouts}).
   */
  public void beginStopPhase(Instant deadline) {
    stopPhase.begin(deadline);
  }

  /**
   * What a last look finds of the cluster's workers that have not ended (after a stop phase that
   * ran out of time); empty when its backend is not enabled here.
   */
  public List<BackendWorker> workersNotEnded(AwsCluster cluster) throws BackendException {
    Optional<WorkerBackend> backend =
        BackendType.fromSpecValue(cluster.getSpec().getBackend()).flatMap(backends::find);
    if (backend.isEmpty()) {
      return List.of();
    }
    WorkerGroup group =
        new WorkerGroup(
            ClusterReconciler.keyOf(cluster),
            cluster.getMetadata().getUid(),
            cluster.getSpec(),
            new CoordinatorAccess(coordinatorUrl, ""));
    return backend.get().observe(group).stream().filter(w -> !w.isEnded()).toList();
  }

  public int coordinatorPort() {
    return coordinator.port();
  }

  @Override
  public void close() {
    backends.close();
    aws.close();
    coordinator.close();
  }

  /** One counter per (route, status), built once: heartbeats only increment. */
  private static RequestObserver requestCounter(MeterRegistry meters) {
    Map<String, Counter> counters = new ConcurrentHashMap<>();
    return (route, status) ->
        counters
            .computeIfAbsent(
                route + " " + status,
                k ->
                    Counter.builder("awscluster_coordinator_requests_total")
                        .tags("route", route, "status", Integer.toString(status))
                        .register(meters))
            .increment();
  }

  /** Call metrics, and the stop phase's short timeouts (idle until it begins). */
  private static AwsSettings withInterceptors(
      AwsSettings settings, MeterRegistry meters, StopPhaseTimeouts stopPhase) {
    List<ExecutionInterceptor> interceptors = new ArrayList<>(settings.interceptors());
    interceptors.add(stopPhase);
    interceptors.add(new AwsCallMetrics(meters));
    return new AwsSettings(
        settings.endpoint(),
        settings.defaultRegion(),
        settings.credentials(),
        interceptors,
        settings.tokenDelivery());
  }

  private static CoordinatorServer startCoordinator(
      OperatorConfig config, WorkerRegistry registry, RequestObserver observer) {
    try {
      return CoordinatorServer.start(
          registry,
          new InetSocketAddress(config.coordinatorHost(), config.coordinatorPort()),
          config.coordinatorThreads(),
          new ObjectMapper(),
          observer,
          WatchSettings.DEFAULTS,
          config.coordinatorTls());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the coordinator on "
              + config.coordinatorHost()
              + ":"
              + config.coordinatorPort(),
          e);
    }
  }

  private static WorkerBackends backends(
      OperatorConfig config, AwsClientFactory aws, Clock clock, ReconcileTrigger triggers) {
    Map<BackendType, WorkerBackend> byType = new EnumMap<>(BackendType.class);
    if (config.enabledBackends().contains(BackendType.LOCAL)) {
      byType.put(BackendType.LOCAL, new LocalWorkerBackend(config.local(), clock, triggers));
    }
    // AWS backends share the client factory and the token delivery (one secret per cluster).
    TokenDelivery tokens = TokenDelivery.of(aws.settings().tokenDelivery(), aws);
    if (config.enabledBackends().contains(BackendType.ECS)) {
      byType.put(BackendType.ECS, new EcsWorkerBackend(aws, clock, tokens));
    }
    if (config.enabledBackends().contains(BackendType.BATCH)) {
      byType.put(BackendType.BATCH, new BatchWorkerBackend(aws, clock, tokens));
    }
    return new WorkerBackends(byType);
  }
}
