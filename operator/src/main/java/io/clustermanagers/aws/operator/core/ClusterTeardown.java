package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Deleting a cluster (or ending a standalone run): stop every worker and report done only once the
 * backend confirms none is left, then forget the cluster everywhere.
 */
final class ClusterTeardown {
  private final CoreParts parts;
  private final StatusReport report;
  private final KnownClusters known;

  ClusterTeardown(CoreParts parts, StatusReport report, KnownClusters known) {
    this.parts = parts;
    this.report = report;
    this.known = known;
  }

  /**
   * Releases the memory of a cluster that is gone without a cleanup (its finalizer was removed by
   * hand): its workers are left as they are, as whoever removed the finalizer chose.
   */
  void releaseGone(AwsCluster cluster) {
    Optional<WorkerBackend> backend =
        Optional.ofNullable(cluster.getSpec())
            .flatMap(s -> BackendType.fromSpecValue(s.getBackend()))
            .flatMap(parts.backends()::find);
    if (backend.isPresent()) {
      try {
        backend
            .get()
            .release(
                ClusterReconciler.group(
                    cluster, new CoordinatorAccess(parts.coordinatorUrl(), "")));
      } catch (BackendException e) {
        // The backend keeps what it could not release; the rest of the memory goes.
      }
    }
    finish(cluster);
  }

  /** Stops every worker, saying {@code why}; done once the backend confirms none is left. */
  ReconcileResult cleanup(AwsCluster cluster, String why) {
    Optional<BackendType> disabled = DisabledBackend.of(cluster, parts.backends());
    if (disabled.isPresent()) {
      return backendNotEnabled(cluster, disabled.get());
    }
    Optional<WorkerBackend> backend =
        Optional.ofNullable(cluster.getSpec())
            .flatMap(s -> BackendType.fromSpecValue(s.getBackend()))
            .flatMap(parts.backends()::find);
    if (backend.isEmpty()) {
      return finish(cluster); // no backend at all: nothing was ever launched
    }
    WorkerGroup group =
        ClusterReconciler.group(cluster, new CoordinatorAccess(parts.coordinatorUrl(), ""));
    try {
      List<BackendWorker> observed = backend.get().observe(group);
      List<BackendWorker> runningWorkers =
          observed.stream().filter(w -> !w.isEnded() && !w.stopRequested()).toList();
      List<String> running = runningWorkers.stream().map(BackendWorker::id).toList();
      if (!running.isEmpty()) {
        stop(backend.get(), group, runningWorkers, why);
        parts.metrics().stopped(group.key(), "Deleted", running.size());
        parts
            .events()
            .emit(
                cluster,
                new PlanNote(false, "Stopping", "stopping " + running.size() + " workers: " + why));
      }
      if (observed.stream().anyMatch(w -> !w.isEnded())) {
        return ReconcileResult.notDoneYet(parts.timing().progressPoll());
      }
      backend.get().release(group);
      return finish(cluster);
    } catch (BackendException e) {
      parts
          .events()
          .emit(
              cluster,
              new PlanNote(
                  true, e.reason(), "cannot finish stopping the workers: " + e.getMessage()));
      return ReconcileResult.notDoneYet(
          e.isPermanent() ? parts.timing().afterPermanentError() : parts.timing().progressPoll());
    }
  }

  /**
   * Workers may run where this operator cannot reach: keep the finalizer (the resource stays,
   * Terminating) and say so, unless the cluster never launched a worker.
   */
  private ReconcileResult backendNotEnabled(AwsCluster cluster, BackendType type) {
    AwsClusterStatus status = parts.recorder().current(cluster);
    if (!DisabledBackend.mayHaveWorkers(status)) {
      return finish(cluster);
    }
    String message =
        DisabledBackend.message(
            cluster,
            type,
            parts.backends(),
            "the finalizer stays until its workers are stopped (or remove it by hand once they"
                + " are)");
    parts.events().emit(cluster, new PlanNote(true, DisabledBackend.REASON, message));
    report.problem(
        cluster,
        status,
        new ClusterFacts.Problem(DisabledBackend.REASON, message, true),
        parts.clock().instant());
    return ReconcileResult.notDoneYet(parts.timing().afterPermanentError());
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

  private ReconcileResult finish(AwsCluster cluster) {
    known.forget(ClusterReconciler.keyOf(cluster));
    parts.registry().closeCluster(ClusterReconciler.keyOf(cluster));
    parts.recorder().forget(cluster);
    parts.tokens().forget(cluster);
    parts.metrics().forget(ClusterReconciler.keyOf(cluster));
    parts.quota().release(ClusterReconciler.keyOf(cluster));
    return ReconcileResult.waitForChange();
  }
}
