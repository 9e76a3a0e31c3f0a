package io.clustermanagers.aws.agent;

import java.io.IOException;

/** The coordinator answered with a status the request did not expect. */
final class UnexpectedStatusException extends IOException {

  private final int status;

  UnexpectedStatusException(String operation, int status, String detail) {
    super(operation + " answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
    this.status = status;
  }

  int status() {
    return status;
  }

  /** 410: the cluster no longer exists; the worker should stop at once, not retry. */
  boolean isClusterGone() {
    return status == 410;
  }

  /**
   * Whether asking again later may succeed: server errors, timeouts, throttling, and 401 (the
   * coordinator's registry is soft state: right after an operator restart it does not know the
   * cluster's token until the cluster is reconciled; the operator's registration deadline bounds
   * the wait).
   */
  boolean isRetryable() {
    return status >= 500 || status == 408 || status == 429 || status == 401;
  }
}
