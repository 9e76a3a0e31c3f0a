package io.clustermanagers.aws.operator.main;

import io.clustermanagers.aws.operator.core.ReconcileTrigger;
import io.clustermanagers.aws.operator.model.ClusterKey;

/**
 * Lets the registry and backends, built first, reach the mode's trigger (the JOSDK event source or
 * the standalone loop), built later.
 */
final class TriggerRelay implements ReconcileTrigger {
  private volatile ReconcileTrigger target = key -> {};

  void connect(ReconcileTrigger trigger) {
    this.target = trigger;
  }

  @Override
  public void reconcileNow(ClusterKey key) {
    target.reconcileNow(key);
  }
}
