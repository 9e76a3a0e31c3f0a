package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every notification, in order. */
final class RecordingListener implements RegistryListener {
  private final List<ClusterKey> notifications = new CopyOnWriteArrayList<>();

  @Override
  public void workersChanged(ClusterKey key) {
    notifications.add(key);
  }

  List<ClusterKey> notifications() {
    return List.copyOf(notifications);
  }
}
