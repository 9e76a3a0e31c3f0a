package io.clustermanagers.aws.operator.coordinator;

import java.time.Instant;

/**
 * One registered worker inside the registry. Everything is fixed at registration except the last
 * heartbeat, which is a single volatile store so that heartbeats stay cheap.
 */
final class WorkerEntry {
  private final WorkerRegistration registration;
  private final Instant registeredAt;
  private volatile Instant lastHeartbeat;

  WorkerEntry(WorkerRegistration registration, Instant registeredAt, Instant lastHeartbeat) {
    this.registration = registration;
    this.registeredAt = registeredAt;
    this.lastHeartbeat = lastHeartbeat;
  }

  void heartbeatAt(Instant now) {
    lastHeartbeat = now;
  }

  boolean hasAddress(String address) {
    return registration.address().equals(address);
  }

  Instant registeredAt() {
    return registeredAt;
  }

  RegisteredWorker snapshot() {
    return new RegisteredWorker(
        registration.workerId(),
        registration.address(),
        registration.port(),
        registeredAt,
        lastHeartbeat);
  }
}
