package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.metrics.MicrometerClusterMetrics;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import io.clustermanagers.aws.operator.status.StatusSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The core's parts as its tests use them: the given backends, in-memory sinks, token "token-1", the
 * default planner and timings, no quota; each test changes only what it is about.
 */
final class TestCoreParts {
  private static final String COORDINATOR = "http://127.0.0.1:1";
  private final Clock clock;
  private final Map<BackendType, WorkerBackend> backends;
  private WorkerRegistry registry;
  private StatusSink status = (cluster, base, written) -> null;
  private EventSink events = (cluster, note) -> {};
  private MeterRegistry meters = new SimpleMeterRegistry();
  private TokenSource tokens = cluster -> "token-1";
  private WorkerQuota quota = WorkerQuota.unlimited();

  private TestCoreParts(Clock clock, Map<BackendType, WorkerBackend> backends) {
    this.clock = clock;
    this.backends = Map.copyOf(backends);
    this.registry = new WorkerRegistry(clock, key -> {});
  }

  static TestCoreParts with(Clock clock, BackendType type, WorkerBackend backend) {
    return new TestCoreParts(clock, Map.of(type, backend));
  }

  static TestCoreParts with(Clock clock, Map<BackendType, WorkerBackend> backends) {
    return new TestCoreParts(clock, backends);
  }

  /** Every status the core writes is added to {@code written}. */
  TestCoreParts statusTo(List<AwsClusterStatus> written) {
    return statusSink(
        (cluster, base, status) -> {
          written.add(status);
          return null;
        });
  }

  TestCoreParts statusSink(StatusSink sink) {
    this.status = sink;
    return this;
  }

  /** Every Event the core emits is added to {@code notes}. */
  TestCoreParts eventsTo(List<PlanNote> notes) {
    this.events = (cluster, note) -> notes.add(note);
    return this;
  }

  TestCoreParts registry(WorkerRegistry registry) {
    this.registry = registry;
    return this;
  }

  TestCoreParts meters(MeterRegistry meters) {
    this.meters = meters;
    return this;
  }

  TestCoreParts tokens(TokenSource tokens) {
    this.tokens = tokens;
    return this;
  }

  TestCoreParts quota(WorkerQuota quota) {
    this.quota = quota;
    return this;
  }

  /** The reconciler with these parts; every reconcile observes the backend. */
  ClusterReconciler reconciler() {
    return reconciler(ObservationReuse.never());
  }

  /** The reconciler with these parts, wired as the composition root wires it. */
  ClusterReconciler reconciler(ObservationReuse observations) {
    ClusterMetrics metrics = new MicrometerClusterMetrics(meters);
    StatusRecorder recorder = new StatusRecorder(status);
    WorkerBackends enabled = new WorkerBackends(backends);
    ClusterAccess access = new ClusterAccess(registry, tokens, WorkersService.NONE, COORDINATOR);
    StatusReport report = statusReport(recorder, access, metrics);
    ProblemReport problems = new ProblemReport(report, events, metrics, ReconcileTiming.DEFAULT);
    ClusterMemory memory = new ClusterMemory(observations, access, recorder, metrics, quota);
    return new ClusterReconciler(
        new ClusterAdmission(enabled, new SpecValidator(backends.keySet()), access),
        new ClusterObserver(observations, registry),
        new ClusterLimits(quota),
        new WorkerPlanner(PlannerPolicy.DEFAULT),
        planExecutor(report, observations, metrics),
        report,
        new RequeueDelay(ReconcileTiming.DEFAULT),
        problems,
        new ClusterTeardown(
            enabled, access, memory, problems, events, metrics, ReconcileTiming.DEFAULT, clock),
        memory,
        clock);
  }

  /** The execute step alone, with these parts. */
  PlanExecutor planExecutor(ObservationReuse observations) {
    ClusterMetrics metrics = new MicrometerClusterMetrics(meters);
    ClusterAccess access = new ClusterAccess(registry, tokens, WorkersService.NONE, COORDINATOR);
    return planExecutor(
        statusReport(new StatusRecorder(status), access, metrics), observations, metrics);
  }

  private PlanExecutor planExecutor(
      StatusReport report, ObservationReuse observations, ClusterMetrics metrics) {
    return new PlanExecutor(report, registry, observations, events, metrics, clock);
  }

  private StatusReport statusReport(
      StatusRecorder recorder, ClusterAccess access, ClusterMetrics metrics) {
    return new StatusReport(new StatusCalculator(50, 3), recorder, access, events, metrics);
  }
}
