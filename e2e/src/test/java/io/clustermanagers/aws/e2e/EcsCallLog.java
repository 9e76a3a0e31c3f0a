package io.clustermanagers.aws.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;

/** Counts the operator's AWS calls by operation, and remembers RunTask counts and stopped ids. */
final class EcsCallLog extends AwsCallCounter {
  private final List<Integer> runTaskCounts = new CopyOnWriteArrayList<>();
  private final List<String> runTaskTokens = new CopyOnWriteArrayList<>();
  private final List<String> stoppedTasks = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    super.beforeExecution(context, attributes);
    SdkRequest request = context.request();
    if (request instanceof RunTaskRequest run) {
      runTaskCounts.add(run.count());
      runTaskTokens.add(run.clientToken());
    } else if (request instanceof StopTaskRequest stop) {
      stoppedTasks.add(stop.task());
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
