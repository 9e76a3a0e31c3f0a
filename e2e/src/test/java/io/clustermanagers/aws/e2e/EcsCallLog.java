package io.clustermanagers.aws.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;

/**
 * Counts the operator's AWS calls by operation, and remembers RunTask counts and stopped ids. With
 * a StopTask (DescribeTasks) latency, each StopTask (DescribeTasks) waits that long before it is
 * sent (a real endpoint's round trip).
 */
final class EcsCallLog extends AwsCallCounter {
  private final long stopLatencyMs;
  private final long describeLatencyMs;
  private final List<Integer> runTaskCounts = new CopyOnWriteArrayList<>();
  private final List<String> runTaskTokens = new CopyOnWriteArrayList<>();
  private final List<String> stoppedTasks = new CopyOnWriteArrayList<>();

  EcsCallLog() {
    this(0);
  }

  EcsCallLog(long stopLatencyMs) {
    this(stopLatencyMs, 0);
  }

  EcsCallLog(long stopLatencyMs, long describeLatencyMs) {
    this.stopLatencyMs = stopLatencyMs;
    this.describeLatencyMs = describeLatencyMs;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    super.beforeExecution(context, attributes);
    SdkRequest request = context.request();
    if (request instanceof RunTaskRequest run) {
      runTaskCounts.add(run.count());
      runTaskTokens.add(run.clientToken());
    } else if (request instanceof StopTaskRequest stop) {
      stoppedTasks.add(stop.task());
      pause(stopLatencyMs);
    } else if (request instanceof DescribeTasksRequest) {
      pause(describeLatencyMs);
    }
  }

  private static void pause(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  List<Integer> runTaskCounts() {
    return List.copyOf(runTaskCounts);
  }

  List<String> runTaskTokens() {
    return List.copyOf(runTaskTokens);
  }

  List<String> stoppedTasks() {
    return List.copyOf(stoppedTasks);
  }

  @Override
  void reset() {
    super.reset();
    runTaskCounts.clear();
    runTaskTokens.clear();
    stoppedTasks.clear();
  }
}
