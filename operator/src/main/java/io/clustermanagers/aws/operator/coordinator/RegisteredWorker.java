package io.clustermanagers.aws.operator.coordinator;

import java.time.Instant;
import java.util.Objects;

/** A worker as the registry knows it: where it can be reached and when it was last heard from. */
public record RegisteredWorker(
    String workerId, String address, int port, Instant registeredAt, Instant lastHeartbeat) {

  public RegisteredWorker {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
  }
}
