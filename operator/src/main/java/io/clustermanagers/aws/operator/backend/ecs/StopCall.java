package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One task's StopTask, asked for and not yet settled: it is either sent once ({@link #claim} then
 * {@link #send}) or cancelled before it is sent, never both. Its {@link #answer} completes when the
 * call has answered (exceptionally with its failure) or when it is cancelled (nothing sent, nothing
 * to report).
 */
final class StopCall {
  private final EcsTasks ecs;
  private final String cluster;
  private final String task;
  private final String reason;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CompletableFuture<Void> answer = new CompletableFuture<>();

  StopCall(EcsTasks ecs, String cluster, String task, String reason) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.task = task;
    this.reason = reason;
  }

  /** True once, for whoever comes first: the sender (then {@link #send}) or {@link #cancel}. */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  /**
   * Makes the call (after a successful {@link #claim}) and completes the answer with its result.
   */
  void send() {
    try {
      ecs.stopTask(cluster, task, reason);
      answer.complete(null);
    } catch (BackendException | RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  /** Drops the call if it is not sent yet (its answer completes); a call sent already goes on. */
  void cancel() {
    if (claim()) {
      answer.complete(null);
    }
  }

  CompletableFuture<Void> answer() {
    return answer;
  }
}
