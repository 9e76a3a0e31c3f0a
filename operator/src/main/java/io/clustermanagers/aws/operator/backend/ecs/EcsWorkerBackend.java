package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.PartialLaunch;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.aws.CreatingCalls;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Workers as ECS tasks (Fargate, Fargate Spot or EC2). Observing costs one ListTasks per status and
 * one DescribeTasks per 100 tasks that can still change (a STOPPED task is described once, then
 * kept: {@link StoppedTasks}), a few calls at once ({@link TaskDescriptions}); launching one
 * RunTask per ten workers; stopping one StopTask per worker not known to be stopped or asked
 * already, a few at a time and within ECS's rate, clusters served in turns (a few stops are not
 * queued behind another cluster's thousands), the reconcile thread held only for what the rate
 * allows now ({@link TaskStops}): a task whose stop is still to be sent is observed as asked to
 * stop. Tasks are found again after a restart by their cluster's {@code startedBy}.
 */
public final class EcsWorkerBackend implements WorkerBackend {
  private final EcsTasks.ByRegion regions;
  private final Clock clock;
  private final TokenDelivery tokens;
  private final LaunchRateLimiter launchRate;
  private final EcsTaskDefinitions definitions;
  private final StoppedTasks stoppedTasks;
  private final TaskStops stops;
  private final TaskDescriptions descriptions;
  private final Map<String, Map<String, Instant>> firstSeen = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> observedCalls = new ConcurrentHashMap<>();

  /** With the token delivery of {@code clients}' settings, for one backend on its own. */
  public EcsWorkerBackend(AwsClientFactory clients, Clock clock) {
    this(clients, clock, TokenDelivery.of(clients.settings().tokenDelivery(), clients));
  }

  /** With {@code rates} instead of the defaults (a benchmark's launch rate on an emulator). */
  public EcsWorkerBackend(AwsClientFactory clients, Clock clock, EcsCallRates rates) {
    this(clients, clock, TokenDelivery.of(clients.settings().tokenDelivery(), clients), rates);
  }

  public EcsWorkerBackend(AwsClientFactory clients, Clock clock, TokenDelivery tokens) {
    this(clients, clock, tokens, EcsCallRates.DEFAULT);
  }

  public EcsWorkerBackend(
      AwsClientFactory clients, Clock clock, TokenDelivery tokens, EcsCallRates rates) {
    this(
        EcsTasksApi.of(clients),
        clock,
        tokens,
        LaunchRateLimiter.launches(rates.launchBurst(), rates.launchesPerSecond(), clock),
        new EcsTaskDefinitions(),
        new StoppedTasks(StoppedTasks.DEFAULT_CAPACITY),
        TaskStops.ecs(clock, rates.stopThreads()),
        TaskDescriptions.onThreads(TaskDescriptions.DEFAULT_THREADS, rates.describesInFlight()));
  }

  EcsWorkerBackend(
      EcsTasks.ByRegion regions,
      Clock clock,
      TokenDelivery tokens,
      LaunchRateLimiter launchRate,
      EcsTaskDefinitions definitions,
      StoppedTasks stoppedTasks,
      TaskStops stops,
      TaskDescriptions descriptions) {
    this.regions = regions;
    this.clock = clock;
    this.tokens = tokens;
    this.launchRate = launchRate;
    this.definitions = definitions;
    this.stoppedTasks = stoppedTasks;
    this.stops = stops;
    this.descriptions = descriptions;
  }

  @Override
  public List<BackendWorker> observe(WorkerGroup group) throws BackendException {
    EcsSpec spec = group.spec().getEcs();
    EcsTasks ecs = regions.in(region(spec));
    List<Task> tasks = tasksOf(ecs, group);
    stops.seen(group.uid(), tasks);
    Set<String> stopsPending = stops.pending(group.uid());
    observedCalls.put(
        group.uid(),
        tasks.stream()
            .map(EcsTaskMapper::callFirst)
            .flatMap(Optional::stream)
            .collect(Collectors.toSet()));
    Map<String, Instant> seen =
        firstSeen.computeIfAbsent(group.uid(), k -> new ConcurrentHashMap<>());
    Set<String> present =
        tasks.stream().map(t -> t.taskArn() + "|" + t.lastStatus()).collect(Collectors.toSet());
    seen.keySet().retainAll(present);
    return EcsTaskMapper.toWorkers(
            tasks,
            spec.getContainerName(),
            t -> seen.computeIfAbsent(t.taskArn() + "|" + t.lastStatus(), k -> clock.instant()))
        .stream()
        .map(w -> !w.isEnded() && stopsPending.contains(w.id()) ? w.withStopRequested() : w)
        .toList();
  }

  /**
   * One RunTask per ten workers; a call whose first sequence the last observe showed already (an
   * earlier attempt's, found by {@code startedBy}) is skipped, and a retried call carries the same
   * {@code clientToken}.
   */
  @Override
  public List<BackendWorker> launch(WorkerGroup group, LaunchRequest request)
      throws BackendException {
    EcsSpec spec = group.spec().getEcs();
    if (spec.getTaskDefinition() == null || spec.getTaskDefinition().isBlank()) {
      tokens.checkTemplateRole(group.spec().getTemplate(), "spec.ecs.taskDefinition");
    }
    EcsTasks ecs = regions.in(region(spec));
    EcsTaskDefinitions.Resolved definition;
    Map<String, String> tokenEnvironment;
    try {
      definition = definitions.resolve(ecs, spec, group.spec().getTemplate());
      tokenEnvironment = tokens.agentEnvironment(group, region(spec));
    } catch (BackendException e) {
      throw e.withPartialLaunch(PartialLaunch.known(List.of())); // no RunTask was sent
    }
    Set<Long> existing = observedCalls.getOrDefault(group.uid(), Set.of());
    List<BackendWorker> launched = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int wanted = 0;
    for (long first = request.first();
        first < request.end();
        first += EcsRunTaskRequests.MAX_PER_CALL) {
      int count = (int) Math.min(EcsRunTaskRequests.MAX_PER_CALL, request.end() - first);
      if (existing.contains(first)) {
        continue; // launched by an earlier attempt: adopted through observe
      }
      if (!acquire(count)) {
        break; // over the launch rate: a later reconcile launches the rest
      }
      wanted += count;
      RunTaskResponse response;
      try {
        response =
            ecs.runTask(
                EcsRunTaskRequests.request(group, definition, tokenEnvironment, first, count));
      } catch (BackendException e) {
        // The later sequences were never sent; this call's tasks may exist (a lost answer) unless
        // ECS certainly refused it (throttled, a 4xx, no connection).
        throw e.withPartialLaunch(
            CreatingCalls.createdNothing(e)
                ? PartialLaunch.known(launched)
                : new PartialLaunch(launched, first, first + count));
      }
      launched.addAll(
          EcsTaskMapper.toWorkers(
              response.tasks(), definition.containerName(), t -> clock.instant()));
      response.failures().forEach(f -> problems.add(describe(f)));
    }
    if (!problems.isEmpty()) {
      throw notLaunched(spec, wanted, launched.size(), problems)
          .withPartialLaunch(PartialLaunch.known(launched));
    }
    return launched;
  }

  @Override
  /** The same {@code clientToken} per call: ECS answers a repeated call with its tasks. */
  public boolean adoptsRepeatedLaunches() {
    return true;
  }

  @Override
  public void stop(WorkerGroup group, Collection<String> workerIds, String reason)
      throws BackendException {
    EcsSpec spec = group.spec().getEcs();
    EcsTasks ecs = regions.in(region(spec));
    Set<String> stopped = stoppedTasks.stoppedIds(group.uid());
    List<String> stillToStop =
        workerIds.stream()
            .filter(id -> !stopped.contains(EcsTaskMapper.taskId(id)))
            .distinct()
            .toList();
    stops.stopAll(
        group.uid(), ecs, spec.getCluster(), stillToStop, EcsOwnership.stopReason(reason));
  }

  @Override
  public void release(WorkerGroup group) throws BackendException {
    tokens.release(group, region(group.spec().getEcs()));
    firstSeen.remove(group.uid());
    observedCalls.remove(group.uid());
    stoppedTasks.release(group.uid());
    stops.release(group.uid());
  }

  @Override
  public void close() {
    stops.close();
    descriptions.close();
  }

  /**
   * The group's listed tasks: the STOPPED ones described earlier from memory, the others described
   * now (and kept if they have stopped).
   */
  private List<Task> tasksOf(EcsTasks ecs, WorkerGroup group) throws BackendException {
    List<String> listed = listOwnedTasks(ecs, group);
    Map<String, Task> known = stoppedTasks.among(group.uid(), listed);
    List<String> changing = listed.stream().filter(arn -> !known.containsKey(arn)).toList();
    List<Task> described = descriptions.describe(ecs, group.spec().getEcs().getCluster(), changing);
    stoppedTasks.remember(group.uid(), described);
    List<Task> tasks = new ArrayList<>(known.values());
    tasks.addAll(described);
    return tasks;
  }

  private static List<String> listOwnedTasks(EcsTasks ecs, WorkerGroup group)
      throws BackendException {
    String cluster = group.spec().getEcs().getCluster();
    Set<String> arns = new LinkedHashSet<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      arns.addAll(ecs.listTaskArns(cluster, EcsOwnership.startedBy(group), status));
    }
    return List.copyOf(arns);
  }

  private boolean acquire(int count) throws BackendException {
    try {
      return launchRate.tryAcquire(count);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure("Interrupted", "interrupted while launching", e);
    }
  }

  /**
   * RunTask answered 200 yet launched fewer tasks than asked. What did launch is adopted by the
   * next observe (the launch sequences are already recorded); the missing workers are launched
   * again by the next reconcile, which the framework retries with backoff after this failure.
   */
  private static BackendException notLaunched(
      EcsSpec spec, int wanted, int launched, List<String> problems) {
    Map<String, Long> counted =
        problems.stream()
            .collect(
                Collectors.groupingBy(p -> p, java.util.LinkedHashMap::new, Collectors.counting()));
    String why =
        counted.entrySet().stream()
            .map(e -> e.getValue() + " × " + e.getKey())
            .collect(Collectors.joining("; "));
    return BackendException.transientFailure(
        "TasksNotLaunched",
        "RunTask on cluster "
            + spec.getCluster()
            + " launched "
            + launched
            + " of "
            + wanted
            + " tasks; ECS refused the rest: "
            + why
            + " (they are launched again)",
        null);
  }

  private static String describe(Failure failure) {
    String detail =
        failure.detail() == null || failure.detail().isBlank() ? "" : " (" + failure.detail() + ")";
    return failure.reason() + detail;
  }

  private static Optional<String> region(EcsSpec spec) {
    return Optional.ofNullable(spec.getRegion()).filter(r -> !r.isBlank());
  }
}
