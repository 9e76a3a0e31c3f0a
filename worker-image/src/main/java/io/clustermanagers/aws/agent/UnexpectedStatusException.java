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

  /** Whether asking again later may succeed: server errors, timeouts and throttling. */
  boolean isRetryable() {
    return status >= 500 || status == 408 || status == 429;
  }
}
