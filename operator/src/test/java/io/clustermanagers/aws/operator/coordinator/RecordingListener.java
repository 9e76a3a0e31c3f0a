package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every notification, in order, by kind. */
final class RecordingListener implements RegistryListener {
  private final List<ClusterKey> notifications = new CopyOnWriteArrayList<>();
  private final List<String> forgotten = new CopyOnWriteArrayList<>();
  private final List<ClusterKey> closed = new CopyOnWriteArrayList<>();

  @Override
  public void workersChanged(ClusterKey key) {
    notifications.add(key);
  }

  @Override
  public void workerForgotten(ClusterKey key, String workerId) {
    forgotten.add(key + " " + workerId);
  }

  @Override
  public void clusterClosed(ClusterKey key) {
    closed.add(key);
  }

  /** The {@link #workersChanged} calls. */
  List<ClusterKey> notifications() {
    return List.copyOf(notifications);
  }

  /** The {@link #workerForgotten} calls as {@code "ns/name workerId"}. */
  List<String> forgotten() {
    return List.copyOf(forgotten);
  }

  List<ClusterKey> closed() {
    return List.copyOf(closed);
  }
}
