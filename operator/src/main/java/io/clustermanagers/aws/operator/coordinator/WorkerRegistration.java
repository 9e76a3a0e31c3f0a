package io.clustermanagers.aws.operator.coordinator;

import java.util.Objects;

/**
 * What a worker tells the coordinator when it registers. The HTTP front validates the values (see
 * {@link WorkerFieldValidator}); this record only refuses nulls.
 */
public record WorkerRegistration(String workerId, String address, int port) {

  public WorkerRegistration {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(address, "address");
  }
}
