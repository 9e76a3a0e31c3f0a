package io.clustermanagers.aws.agent;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Registers with exponential backoff for as long as the failure may be transient (the coordinator
 * is unreachable, times out or answers 5xx/408/429). A 401 is retried too (the coordinator may not
 * know the cluster yet). Any other answer, 403 above all, ends the attempt: asking again with the
 * same token can never succeed.
 */
final class RegistrationRetry {

  static final Duration MIN_DELAY = Duration.ofMillis(500);
  static final Duration MAX_DELAY = Duration.ofSeconds(30);
  private static final double JITTER = 0.2;

  private final CoordinatorClient client;
  private final ScheduledExecutorService scheduler;
  private final AgentLog log;
  private final Duration minDelay;
  private final Duration maxDelay;

  RegistrationRetry(
      CoordinatorClient client,
      ScheduledExecutorService scheduler,
      AgentLog log,
      Duration minDelay,
      Duration maxDelay) {
    this.client = client;
    this.scheduler = scheduler;
    this.log = log;
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
  }

  /**
   * Starts registering; the future gives the heartbeat interval, fails with the permanent error, or
   * is cancelled by the caller to stop retrying.
   */
  CompletableFuture<Duration> start() {
    RetryPolicy<Duration> policy =
        RetryPolicy.<Duration>builder()
            .handleIf(RegistrationRetry::isTransient)
            .withBackoff(minDelay, maxDelay)
            .withJitter(JITTER)
            .withMaxRetries(-1)
            .onRetryScheduled(
                event ->
                    log.warn(
                        "cannot register yet ("
                            + AgentLog.describe(event.getLastException())
                            + ")"
                            + unauthorizedHint(event.getLastException())
                            + ", retrying in "
                            + event.getDelay().toMillis()
                            + " ms"))
            .build();
    return Failsafe.with(policy).with(scheduler).getAsync(client::register);
  }

  /**
   * A 401 is retried (a restarted coordinator may not know the cluster yet), but may also be a
   * wrong token: say which variables to check.
   */
  private static String unauthorizedHint(Throwable failure) {
    return failure instanceof UnexpectedStatusException status && status.status() == 401
        ? " (if this persists, the token is not valid for any cluster: check ACM_TOKEN,"
            + " ACM_TOKEN_FILE or ACM_TOKEN_SECRET_ARN)"
        : "";
  }

  static boolean isTransient(Throwable failure) {
    if (failure instanceof UnexpectedStatusException status) {
      return status.isRetryable();
    }
    return failure instanceof IOException;
  }
}
