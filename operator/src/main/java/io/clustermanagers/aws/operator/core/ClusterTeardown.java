package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerBackends;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Deleting a cluster (or ending a standalone run): stop every worker and report done only once the
 * backend confirms none is left, then forget the cluster everywhere.
 */
public final class ClusterTeardown {
  private final WorkerBackends backends;
  private final ClusterAccess access;
  private final ClusterMemory memory;
  private final ProblemReport problems;
  private final EventSink events;
  private final ClusterMetrics metrics;
  private final ReconcileTiming timing;
  private final Clock clock;

  public ClusterTeardown(
      WorkerBackends backends,
      ClusterAccess access,
      ClusterMemory memory,
      ProblemReport problems,
      EventSink events,
      ClusterMetrics metrics,
      ReconcileTiming timing,
      Clock clock) {
    this.backends = backends;
    this.access = access;
    this.memory = memory;
    this.problems = problems;
    this.events = events;
    this.metrics = metrics;
    this.timing = timing;
    this.clock = clock;
  }

  /**
   * Releases the memory of the clusters that no longer {@code exist} although they were never
   * cleaned up (a finalizer removed by hand): their workers are left as they are, as whoever
   * removed the finalizer chose.
   *
   * @return how many clusters were released
   */
  int releaseGone(Predicate<ClusterKey> exists) {
    List<AwsCluster> gone = memory.gone(exists);
    gone.forEach(this::releaseGone);
    return gone.size();
  }

  private void releaseGone(AwsCluster cluster) {
    Optional<WorkerBackend> backend = backendOf(cluster);
    if (backend.isPresent()) {
      try {
        backend.get().release(access.withoutToken(cluster));
      } catch (BackendException e) {
        // The backend keeps what it could not release; the rest of the memory goes.
      }
    }
    finish(cluster);
  }

  /** Stops every worker, saying {@code why}; done once the backend confirms none is left. */
  ReconcileResult cleanup(AwsCluster cluster, String why) {
    memory.tearingDown(cluster);
    Optional<BackendType> disabled = DisabledBackend.of(cluster, backends);
    if (disabled.isPresent()) {
      return backendNotEnabled(cluster, disabled.get());
    }
    Optional<WorkerBackend> backend = backendOf(cluster);
    if (backend.isEmpty()) {
      return finish(cluster); // no backend at all: nothing was ever launched
    }
    WorkerGroup group = access.withoutToken(cluster);
    try {
      List<BackendWorker> observed = backend.get().observe(group);
      List<BackendWorker> runningWorkers =
          observed.stream().filter(w -> !w.isEnded() && !w.stopRequested()).toList();
      List<String> running = runningWorkers.stream().map(BackendWorker::id).toList();
      if (!running.isEmpty()) {
        stop(backend.get(), group, runningWorkers, why);
        metrics.stopped(group.key(), "Deleted", running.size());
        events.emit(
            cluster,
            new PlanNote(false, "Stopping", "stopping " + running.size() + " workers: " + why));
      }
      if (observed.stream().anyMatch(w -> !w.isEnded())) {
        return ReconcileResult.notDoneYet(timing.progressPoll());
      }
      backend.get().release(group);
      return finish(cluster);
    } catch (BackendException e) {
      events.emit(
          cluster,
          new PlanNote(true, e.reason(), "cannot finish stopping the workers: " + e.getMessage()));
      return ReconcileResult.notDoneYet(
          e.isPermanent() ? timing.afterPermanentError() : timing.progressPoll());
    }
  }

  /**
   * Workers may run where this operator cannot reach: keep the finalizer (the resource stays,
   * Terminating) and say so, unless the cluster never launched a worker.
   */
  private ReconcileResult backendNotEnabled(AwsCluster cluster, BackendType type) {
    AwsClusterStatus status = problems.current(cluster);
    if (!DisabledBackend.mayHaveWorkers(status)) {
      return finish(cluster);
    }
    String message =
        DisabledBackend.message(
            cluster,
            type,
            backends,
            "the finalizer stays until its workers are stopped (or remove it by hand once they"
                + " are)");
    problems.refused(
        cluster,
        status,
        new Admission.Refused(DisabledBackend.REASON, message, false),
        clock.instant());
    return ReconcileResult.notDoneYet(timing.afterPermanentError());
  }

  /** Workers of no gang in one call, each gang (a multi-node job) whole. */
  private static void stop(
      WorkerBackend backend, WorkerGroup group, List<BackendWorker> running, String why)
      throws BackendException {
    List<String> single =
        running.stream().filter(w -> w.gang().isEmpty()).map(BackendWorker::id).toList();
    if (!single.isEmpty()) {
      backend.stop(group, single, why);
    }
    Map<String, List<String>> byGang =
        running.stream()
            .filter(w -> w.gang().isPresent())
            .collect(
                Collectors.groupingBy(
                    w -> w.gang().get().gang(),
                    LinkedHashMap::new,
                    Collectors.mapping(BackendWorker::id, Collectors.toList())));
    for (Map.Entry<String, List<String>> gang : byGang.entrySet()) {
      backend.stopGang(group, gang.getKey(), gang.getValue(), why);
    }
  }

  private Optional<WorkerBackend> backendOf(AwsCluster cluster) {
    return Optional.ofNullable(cluster.getSpec())
        .flatMap(s -> BackendType.fromSpecValue(s.getBackend()))
        .flatMap(backends::find);
  }

  private ReconcileResult finish(AwsCluster cluster) {
    memory.release(cluster);
    return ReconcileResult.waitForChange();
  }
}
