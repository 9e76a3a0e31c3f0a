package io.clustermanagers.aws.operator.backend.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call by service, operation and outcome (after the SDK's retries) and times it:
 * {@code awscluster_aws_api_calls_total} and {@code awscluster_aws_api_call_seconds}.
 */
public final class AwsCallMetrics implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("acm.started");
  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "success");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, outcome(context.exception()));
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Counter.builder("awscluster_aws_api_calls_total")
        .tags("service", service, "operation", operation, "outcome", outcome)
        .register(registry)
        .increment();
    Long started = attributes.getAttribute(STARTED);
    if (started != null) {
      Timer.builder("awscluster_aws_api_call")
          .tags("service", service, "operation", operation)
          .publishPercentileHistogram()
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static String outcome(Throwable failure) {
    if (failure instanceof AwsServiceException service) {
      if (service.isThrottlingException()) {
        return "throttled";
      }
      return service.statusCode() >= 500 ? "server_error" : "client_error";
    }
    return "network_error";
  }
}
