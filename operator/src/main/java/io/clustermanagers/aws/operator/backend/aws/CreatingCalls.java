package io.clustermanagers.aws.operator.backend.aws;

import java.net.ConnectException;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The per-call configuration of a call that creates workers and has no idempotency token:
 * SubmitJob. (RunTask has one, {@code clientToken}, which ECS honours: it keeps the client's
 * standard retries.) The SDK retries SubmitJob only when AWS certainly did not act on it: the call
 * was throttled (AWS refuses a throttled call before doing anything) or the connection was refused.
 * A lost, reset or failed answer is not retried, since the job may exist already; the backend lists
 * jobs by their deterministic name before it submits again, on a later reconcile.
 *
 * <p>{@link #createdNothing} judges the failures of both creating calls.
 */
public final class CreatingCalls {
  static final int MAX_ATTEMPTS = 3;

  /** HTTP 408: the server gave up waiting for the request; what it read may have acted. */
  private static final int REQUEST_TIMEOUT = 408;

  private static final AwsRequestOverrideConfiguration OVERRIDE =
      AwsRequestOverrideConfiguration.builder()
          .addPlugin(config -> config.overrideConfiguration(c -> c.retryStrategy(strategy())))
          .build();

  private CreatingCalls() {}

  /** To set on each SubmitJob request. */
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

  /**
   * Whether a creating call that failed for good (after the SDK's retries) certainly created
   * nothing, so that its workers can be launched again at once instead of waiting out the launch
   * grace: what {@link #certainlyNotApplied} accepts, and any other 4xx refusal but a request
   * timeout (AWS validates a call, its caller and its quotas before it acts). A 5xx, a timeout, a
   * reset or a lost answer may come after the job or the tasks were created: their outcome is
   * unknown.
   */
  public static boolean createdNothing(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (certainlyNotApplied(cause)) {
        return true;
      }
      if (cause instanceof SdkServiceException service) {
        int status = service.statusCode();
        return status >= 400 && status < 500 && status != REQUEST_TIMEOUT;
      }
    }
    return false;
  }

  private static boolean isThrottling(Throwable failure) {
    return failure instanceof SdkServiceException service && service.isThrottlingException();
  }
}
