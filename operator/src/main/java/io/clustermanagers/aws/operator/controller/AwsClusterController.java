package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.ClusterReconciler;
import io.clustermanagers.aws.operator.core.ReconcileResult;
import io.clustermanagers.aws.operator.status.StatusConflict;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Duration;
import java.util.List;
import org.slf4j.MDC;

/** The JOSDK adapter: hands each AwsCluster to the core and turns its answer into a control. */
@ControllerConfiguration(name = AwsClusterController.NAME)
public final class AwsClusterController implements Reconciler<AwsCluster>, Cleaner<AwsCluster> {
  public static final String NAME = "awscluster";

  /**
   * Another writer changed the status: the informer brings its version at once; this is only the
   * fallback.
   */
  private static final Duration AFTER_CONFLICT = Duration.ofMillis(500);

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(AwsClusterController.class);
  private final ClusterReconciler core;
  private final ClusterTriggerEventSource triggers;
  private final WorkerDiscovery discovery;
  private volatile IndexerResourceCache<AwsCluster> clusters;

  public AwsClusterController(
      ClusterReconciler core, ClusterTriggerEventSource triggers, WorkerDiscovery discovery) {
    this.core = core;
    this.triggers = triggers;
    this.discovery = discovery;
  }

  @Override
  public UpdateControl<AwsCluster> reconcile(AwsCluster cluster, Context<AwsCluster> context) {
    try (var ignored = clusterInLogs(cluster)) {
      ReconcileResult result = core.reconcile(cluster);
      discovery.track(cluster);
      UpdateControl<AwsCluster> control = UpdateControl.noUpdate();
      result.requeueAfter().ifPresent(d -> control.rescheduleAfter(d.toMillis()));
      return control;
    } catch (StatusConflict conflict) {
      LOG.info("{}; reconciling again from the newer status", conflict.getMessage());
      return UpdateControl.<AwsCluster>noUpdate().rescheduleAfter(AFTER_CONFLICT.toMillis());
    }
  }

  @Override
  public DeleteControl cleanup(AwsCluster cluster, Context<AwsCluster> context) {
    try (var ignored = clusterInLogs(cluster)) {
      ReconcileResult result = core.cleanup(cluster);
      if (result.done()) {
        return DeleteControl.defaultDelete();
      }
      DeleteControl control = DeleteControl.noFinalizerRemoval();
      result.requeueAfter().ifPresent(d -> control.rescheduleAfter(d.toMillis()));
      return control;
    } catch (StatusConflict conflict) {
      LOG.info("{}; cleaning up again from the newer status", conflict.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(AFTER_CONFLICT.toMillis());
    }
  }

  @Override
  public List<EventSource<?, AwsCluster>> prepareEventSources(
      EventSourceContext<AwsCluster> context) {
    this.clusters = context.getPrimaryCache();
    return List.of(triggers);
  }

  /**
   * Releases the memory of clusters that the informer no longer has although no cleanup ran for
   * them (a finalizer removed by hand). Run periodically; returns how many were released.
   */
  public int releaseGoneClusters() {
    IndexerResourceCache<AwsCluster> cache = clusters;
    if (cache == null) {
      return 0; // not started yet
    }
    int released =
        core.releaseGone(key -> cache.get(new ResourceID(key.name(), key.namespace())).isPresent());
    if (released > 0) {
      LOG.info("released the memory of {} AwsClusters deleted without a cleanup", released);
    }
    return released;
  }

  private static MDC.MDCCloseable clusterInLogs(AwsCluster cluster) {
    return MDC.putCloseable(
        "cluster", cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
  }
}
