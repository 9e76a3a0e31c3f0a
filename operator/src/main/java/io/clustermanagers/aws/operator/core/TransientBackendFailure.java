package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendException;

/** Thrown out of a reconcile so the framework retries it with backoff. */
public final class TransientBackendFailure extends RuntimeException {
  public TransientBackendFailure(BackendException cause) {
    super(cause.reason() + ": " + cause.getMessage(), cause);
  }
}
