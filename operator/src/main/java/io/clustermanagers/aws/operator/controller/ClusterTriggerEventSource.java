package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.core.ReconcileTrigger;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Turns coordinator and backend happenings (a worker registered, deregistered, or its process
 * ended) into immediate reconciles, so nothing waits for the next poll.
 */
public final class ClusterTriggerEventSource extends AbstractEventSource<Void, AwsCluster>
    implements ReconcileTrigger {

  public ClusterTriggerEventSource() {
    super(Void.class, "worker-events");
  }

  /** Carries no secondary resources: its events only say "look again now". */
  @Override
  public Set<Void> getSecondaryResources(AwsCluster primary) {
    return Set.of();
  }

  @Override
  public void reconcileNow(ClusterKey key) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(new ResourceID(key.name(), key.namespace())));
    }
  }
}
