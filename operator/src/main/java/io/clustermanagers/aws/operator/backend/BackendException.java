package io.clustermanagers.aws.operator.backend;

import java.util.Optional;

/**
 * A backend call failed. Permanent failures (bad configuration, missing resources, access denied)
 * are reported and not retried until the spec changes or a long resync passes; transient ones
 * (throttling, 5xx, timeouts) are retried with backoff.
 */
public final class BackendException extends Exception {
  private final String reason;
  private final boolean permanent;
  private final transient Optional<PartialLaunch> partialLaunch;

  private BackendException(String reason, String message, boolean permanent, Throwable cause) {
    this(reason, message, permanent, cause, Optional.empty());
  }

  private BackendException(
      String reason,
      String message,
      boolean permanent,
      Throwable cause,
      Optional<PartialLaunch> partialLaunch) {
    super(message, cause);
    this.reason = reason;
    this.permanent = permanent;
    this.partialLaunch = partialLaunch;
  }

  /**
   * What a launch that failed part way did, when the backend knows: the core then expects only
   * those workers (and the sequences of unknown outcome) instead of the whole request.
   */
  public BackendException withPartialLaunch(PartialLaunch partial) {
    return new BackendException(reason, getMessage(), permanent, getCause(), Optional.of(partial));
  }

  public Optional<PartialLaunch> partialLaunch() {
    return partialLaunch;
  }

  /** A failure that repeating will not fix; {@code reason} is a CamelCase condition reason. */
  public static BackendException permanent(String reason, String message, Throwable cause) {
    return new BackendException(reason, message, true, cause);
  }

  /** A failure that may go away by itself. */
  public static BackendException transientFailure(String reason, String message, Throwable cause) {
    return new BackendException(reason, message, false, cause);
  }

  public String reason() {
    return reason;
  }

  public boolean isPermanent() {
    return permanent;
  }
}
