package io.clustermanagers.aws.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/**
 * Injects RunTask faults the emulator cannot produce: a partial launch (fewer tasks than asked, the
 * rest in {@code failures[]} with HTTP 200), a full refusal (tasks go to a sink cluster that the
 * operator does not watch, the answer lists only failures), and a lost answer (the tasks are
 * created, then the call fails as if the operator crashed before reading the answer).
 */
final class RunTaskFaults implements ExecutionInterceptor {
  static final String REASON = "RESOURCE:FARGATE";
  static final String DETAIL = "Capacity is unavailable at this time";
  private static final ExecutionAttribute<Integer> REFUSED =
      new ExecutionAttribute<>("acm.refused");
  private static final ExecutionAttribute<Boolean> SUNK = new ExecutionAttribute<>("acm.sunk");
  private final AtomicInteger partialCalls = new AtomicInteger();
  private final AtomicInteger lostAnswerAtCall = new AtomicInteger(-1);
  private final AtomicInteger runTaskCalls = new AtomicInteger();
  private final CountDownLatch answerLost = new CountDownLatch(1);
  private volatile int refusedPerPartialCall;
  private volatile String refuseAllInto;

  /** The next {@code calls} RunTask calls launch {@code refused} tasks fewer than asked. */
  void partial(int calls, int refused) {
    refusedPerPartialCall = refused;
    partialCalls.set(calls);
  }

  /**
   * After the partial calls, every RunTask launches nothing (its tasks go to {@code sinkCluster}).
   */
  void refuseAll(String sinkCluster) {
    refuseAllInto = sinkCluster;
  }

  /** The {@code n}th RunTask call from now (1-based) loses its answer. */
  void loseAnswerOfCall(int n) {
    runTaskCalls.set(0);
    lostAnswerAtCall.set(n);
  }

  CountDownLatch answerLost() {
    return answerLost;
  }

  void clear() {
    partialCalls.set(0);
    refuseAllInto = null;
    lostAnswerAtCall.set(-1);
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!(context.request() instanceof RunTaskRequest run)) {
      return context.request();
    }
    if (partialCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      int refused = Math.min(refusedPerPartialCall, run.count() - 1);
      attributes.putAttribute(REFUSED, refused);
      return run.toBuilder().count(run.count() - refused).build();
    }
    String sink = refuseAllInto;
    if (sink != null) {
      attributes.putAttribute(REFUSED, run.count());
      attributes.putAttribute(SUNK, true);
      return run.toBuilder().cluster(sink).count(1).build();
    }
    return run;
  }

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (!(context.response() instanceof RunTaskResponse response)) {
      return context.response();
    }
    if (runTaskCalls.incrementAndGet() == lostAnswerAtCall.get()) {
      answerLost.countDown();
      throw SdkClientException.create("injected: the answer of RunTask was lost");
    }
    Integer refused = attributes.getAttribute(REFUSED);
    if (refused == null || refused == 0) {
      return response;
    }
    List<Failure> failures = new ArrayList<>();
    for (int i = 0; i < refused; i++) {
      failures.add(Failure.builder().reason(REASON).detail(DETAIL).build());
    }
    return response.toBuilder()
        .tasks(attributes.getAttribute(SUNK) != null ? List.of() : response.tasks())
        .failures(failures)
        .build();
  }
}
