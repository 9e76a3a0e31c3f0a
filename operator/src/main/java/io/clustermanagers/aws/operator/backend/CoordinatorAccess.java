package io.clustermanagers.aws.operator.backend;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a worker reaches its coordinator, and how long it goes on without reaching it before it stops
 * on its own ({@code spec.coordinatorLossTimeout}); {@link #toString()} never shows the token.
 *
 * @param trustedCa the PEM certificates a worker trusts for an {@code https://} coordinator (its
 *     CA, or its self-signed certificate); empty when the coordinator speaks plain HTTP. Public: it
 *     may travel in a job's or task's environment, as {@code ACM_COORDINATOR_CA}.
 */
public record CoordinatorAccess(
    String url, String token, Duration lossTimeout, Optional<String> trustedCa) {
  /** The default of {@code spec.coordinatorLossTimeout}. */
  public static final Duration DEFAULT_LOSS_TIMEOUT = Duration.ofMinutes(15);

  public CoordinatorAccess {
    Objects.requireNonNull(trustedCa, "trustedCa");
  }

  /** A plain HTTP coordinator. */
  public CoordinatorAccess(String url, String token, Duration lossTimeout) {
    this(url, token, lossTimeout, Optional.empty());
  }

  public CoordinatorAccess(String url, String token) {
    this(url, token, DEFAULT_LOSS_TIMEOUT);
  }

  @Override
  public String toString() {
    return "CoordinatorAccess[url="
        + url
        + ", token=***, lossTimeout="
        + lossTimeout
        + (trustedCa.isPresent() ? ", trustedCa=PEM" : "")
        + "]";
  }
}
