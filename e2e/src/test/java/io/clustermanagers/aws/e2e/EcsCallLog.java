package io.clustermanagers.aws.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;

/** Counts the operator's AWS calls by operation, and remembers RunTask counts and stopped ids. */
final class EcsCallLog implements ExecutionInterceptor {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<Integer> runTaskCounts = new CopyOnWriteArrayList<>();
  private final List<String> runTaskTokens = new CopyOnWriteArrayList<>();
  private final List<String> stoppedTasks = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    SdkRequest request = context.request();
    if (request instanceof RunTaskRequest run) {
      runTaskCounts.add(run.count());
      runTaskTokens.add(run.clientToken());
    } else if (request instanceof StopTaskRequest stop) {
      stoppedTasks.add(stop.task());
    }
  }

  int count(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
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

  Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    calls.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  void reset() {
    calls.clear();
    runTaskCounts.clear();
    runTaskTokens.clear();
    stoppedTasks.clear();
  }
}
