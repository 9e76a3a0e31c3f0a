package io.clustermanagers.aws.operator.coordinator;

import java.util.Objects;

/**
 * One event of a watch: a worker joined ({@code ADDED}) or left ({@code DELETED}), the initial list
 * is complete ({@code SYNCED}), or the watch ended ({@code CLOSED}, with a message saying why).
 */
record WatchEvent(Type type, RegisteredWorker worker, String message) {
  enum Type {
    ADDED,
    DELETED,
    SYNCED,
    CLOSED
  }

  WatchEvent {
    Objects.requireNonNull(type, "type");
  }

  static WatchEvent added(RegisteredWorker worker) {
    return new WatchEvent(Type.ADDED, Objects.requireNonNull(worker, "worker"), null);
  }

  static WatchEvent deleted(RegisteredWorker worker) {
    return new WatchEvent(Type.DELETED, Objects.requireNonNull(worker, "worker"), null);
  }

  static WatchEvent synced() {
    return new WatchEvent(Type.SYNCED, null, null);
  }

  static WatchEvent closed(String message) {
    return new WatchEvent(Type.CLOSED, null, Objects.requireNonNull(message, "message"));
  }
}
