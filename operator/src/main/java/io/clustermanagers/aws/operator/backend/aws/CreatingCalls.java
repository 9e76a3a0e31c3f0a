package io.clustermanagers.aws.operator.backend.aws;

import java.net.ConnectException;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The per-call configuration of the calls that create workers: SubmitJob (no idempotency token) and
 * RunTask (its {@code clientToken} is honoured by ECS, not by every emulator). The SDK retries them
 * only when AWS certainly did not act on them: the call was throttled (AWS refuses a throttled call
 * before doing anything) or the connection was refused. A lost, reset or failed answer is not
 * retried, since the job or tasks may exist already; the backend lists them by their deterministic
 * name before it submits again, on a later reconcile.
 */
public final class CreatingCalls {
  static final int MAX_ATTEMPTS = 3;

  private static final AwsRequestOverrideConfiguration OVERRIDE =
      AwsRequestOverrideConfiguration.builder()
          .addPlugin(config -> config.overrideConfiguration(c -> c.retryStrategy(strategy())))
          .build();

  private CreatingCalls() {}

  /** To set on each SubmitJob and RunTask request. */
  public static AwsRequestOverrideConfiguration override() {
    return OVERRIDE;
  }

  /** Retries only what {@link #certainlyNotApplied} accepts, with the SDK's standard backoffs. */
  static RetryStrategy strategy() {
    return StandardRetryStrategy.builder()
        .useClientDefaults(false)
        .maxAttempts(MAX_ATTEMPTS)
        .retryOnException(CreatingCalls::certainlyNotApplied)
        .treatAsThrottling(CreatingCalls::isThrottling)
        .backoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20)))
        .throttlingBackoffStrategy(
            BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
        .circuitBreakerEnabled(false)
        .build();
  }

  /** Throttled, or the connection was never made: AWS did nothing. */
  static boolean certainlyNotApplied(Throwable failure) {
    if (isThrottling(failure)) {
      return true;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static boolean isThrottling(Throwable failure) {
    return failure instanceof SdkServiceException service && service.isThrottlingException();
  }
}
