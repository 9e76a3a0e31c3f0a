package io.clustermanagers.aws.operator.backend.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Short timeouts for every AWS call once a stop phase with a deadline has begun (a standalone run
 * ending): the clients' own are sized for a reconcile that can wait (5 s to connect, 30 s per read,
 * up to 3 attempts), so two calls that hang in a row would use up a 40 s stop budget and leave
 * workers running or the token secret behind. From {@link #begin} on, each attempt gets at most
 * {@link #ATTEMPT} and each call with its retries at most {@link #CALL}, and neither more than what
 * is left until the deadline (but at least {@link #FLOOR}, for a last look after it).
 *
 * <p>It plugs in as one more interceptor of {@link AwsSettings#interceptors()}, so every client of
 * the factory has it and nothing else changes: before {@link #begin} it leaves requests as they
 * are. A timeout set on a request by its caller is kept if it is shorter.
 */
public final class StopPhaseTimeouts implements ExecutionInterceptor {
  /** One attempt: a control-plane call answers in well under a second when AWS is well. */
  public static final Duration ATTEMPT = Duration.ofSeconds(4);

  /** One call with its retries: two attempts and a backoff. */
  public static final Duration CALL = Duration.ofSeconds(9);

  /** The least a call gets, also past the deadline. */
  public static final Duration FLOOR = Duration.ofSeconds(2);

  private final Clock clock;
  private volatile Instant deadline;

  public StopPhaseTimeouts(Clock clock) {
    this.clock = clock;
  }

  /** From now on every call is bounded to fit before {@code deadline}. */
  public void begin(Instant deadline) {
    this.deadline = deadline;
  }

  @Override
  public SdkRequest modifyRequest(
      Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
    Instant until = deadline;
    if (until == null || !(context.request() instanceof AwsRequest request)) {
      return context.request();
    }
    Duration left = Duration.between(clock.instant(), until);
    Duration call = atLeastFloor(shorter(CALL, left));
    Duration attempt = shorter(ATTEMPT, call);
    AwsRequestOverrideConfiguration.Builder override =
        request
            .overrideConfiguration()
            .map(AwsRequestOverrideConfiguration::toBuilder)
            .orElseGet(AwsRequestOverrideConfiguration::builder);
    AwsRequestOverrideConfiguration given = override.build();
    return request.toBuilder()
        .overrideConfiguration(
            override
                .apiCallTimeout(given.apiCallTimeout().map(t -> shorter(t, call)).orElse(call))
                .apiCallAttemptTimeout(
                    given.apiCallAttemptTimeout().map(t -> shorter(t, attempt)).orElse(attempt))
                .build())
        .build();
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration atLeastFloor(Duration d) {
    return d.compareTo(FLOOR) < 0 ? FLOOR : d;
  }
}
