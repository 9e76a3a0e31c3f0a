package io.clustermanagers.aws.operator.backend;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The backends this process has enabled, by type. Owns and closes them. */
public final class WorkerBackends implements AutoCloseable {
  private final Map<BackendType, WorkerBackend> byType;

  public WorkerBackends(Map<BackendType, WorkerBackend> byType) {
    this.byType = new EnumMap<>(byType);
  }

  public Optional<WorkerBackend> find(BackendType type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Set<BackendType> enabled() {
    return byType.keySet();
  }

  @Override
  public void close() {
    byType.values().forEach(WorkerBackend::close);
  }
}
