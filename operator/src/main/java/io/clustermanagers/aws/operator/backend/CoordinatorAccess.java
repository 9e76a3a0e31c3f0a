package io.clustermanagers.aws.operator.backend;

import java.time.Duration;

/**
 * How a worker reaches its coordinator, and how long it goes on without reaching it before it stops
 * on its own ({@code spec.coordinatorLossTimeout}); {@link #toString()} never shows the token.
 */
public record CoordinatorAccess(String url, String token, Duration lossTimeout) {
  /** The default of {@code spec.coordinatorLossTimeout}. */
  public static final Duration DEFAULT_LOSS_TIMEOUT = Duration.ofMinutes(15);

  public CoordinatorAccess(String url, String token) {
    this(url, token, DEFAULT_LOSS_TIMEOUT);
  }

  @Override
  public String toString() {
    return "CoordinatorAccess[url=" + url + ", token=***, lossTimeout=" + lossTimeout + "]";
  }
}
