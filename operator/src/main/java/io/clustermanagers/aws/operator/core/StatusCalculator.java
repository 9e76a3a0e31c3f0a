package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.WorkerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Computes the status from the facts: counts, conditions, phase and a bounded worker list. */
public final class StatusCalculator {
  public static final String CLUSTER_LABEL = "aws.clustermanagers.io/cluster";
  private final int maxListedWorkers;
  private final int degradedAfter;

  public StatusCalculator(int maxListedWorkers, int degradedAfter) {
    this.maxListedWorkers = maxListedWorkers;
    this.degradedAfter = degradedAfter;
  }

  public AwsClusterStatus compute(ClusterFacts facts, AwsClusterStatus previous, Instant now) {
    Map<WorkerState, Long> counts =
        facts.workers().stream()
            .collect(Collectors.groupingBy(WorkerView::state, Collectors.counting()));
    Function<WorkerState, Integer> count = s -> counts.getOrDefault(s, 0L).intValue();
    List<WorkerView> present =
        facts.workers().stream().filter(v -> v.state() != WorkerState.ENDED).toList();
    AwsClusterStatus status = new AwsClusterStatus();
    status.setObservedGeneration(facts.generation());
    status.setReplicas((int) present.stream().filter(WorkerView::isActive).count());
    status.setPendingReplicas(count.apply(WorkerState.PENDING) + count.apply(WorkerState.STARTING));
    status.setRunningReplicas(
        (int)
            present.stream()
                .filter(WorkerView::isActive)
                .filter(
                    v ->
                        v.worker().phase()
                            == io.clustermanagers.aws.operator.backend.WorkerPhase.RUNNING)
                .count());
    status.setReadyReplicas(count.apply(WorkerState.READY));
    status.setLostReplicas(count.apply(WorkerState.LOST));
    status.setFailedReplicas(facts.failures().consecutive());
    status.setSelector(CLUSTER_LABEL + "=" + facts.name());
    status.setNextLaunchSequence(facts.nextLaunchSequence());
    status.setLaunchesInFlight(new java.util.ArrayList<>(facts.launchesInFlight()));
    status.setHandledWorkersToDelete(new java.util.ArrayList<>(facts.handledWorkersToDelete()));
    status.setFailures(facts.failures().toStatus());
    status.setCoordinator(facts.coordinator());
    listWorkers(status, present, facts.desired().flatMap(DesiredCluster::gang).isPresent());
    ConditionSet conditions = new ConditionSet(facts, status, degradedAfter);
    List<Condition> old = previous.getConditions();
    status.setConditions(
        List.of(
            conditions.ready(old, now),
            conditions.progressing(old, now),
            conditions.degraded(old, now)));
    status.setPhase(conditions.phase());
    return status;
  }

  /**
   * Not-ready workers first (they are what a person looks for), then by launch; a gang's nodes in
   * node order, which is their launch order.
   */
  private void listWorkers(AwsClusterStatus status, List<WorkerView> present, boolean gang) {
    Comparator<WorkerView> byLaunch =
        Comparator.comparingLong((WorkerView v) -> v.worker().launchSequence())
            .thenComparing(WorkerView::id);
    List<WorkerStatus> listed =
        present.stream()
            .sorted(
                gang
                    ? byLaunch
                    : Comparator.comparing((WorkerView v) -> v.state() == WorkerState.READY)
                        .thenComparing(byLaunch))
            .limit(maxListedWorkers)
            .map(StatusCalculator::workerStatus)
            .toList();
    status.setWorkers(listed);
    int omitted = present.size() - listed.size();
    status.setWorkersOmitted(omitted > 0 ? omitted : null);
  }

  private static WorkerStatus workerStatus(WorkerView view) {
    WorkerStatus worker =
        new WorkerStatus(
            view.id(),
            view.state().display(),
            view.registration()
                .map(r -> r.address() + (r.port() > 0 ? ":" + r.port() : ""))
                .orElse(null),
            view.registration().map(r -> r.registeredAt().toString()).orElse(null));
    view.worker().gang().ifPresent(g -> worker.setNode(g.index()));
    return worker;
  }
}
