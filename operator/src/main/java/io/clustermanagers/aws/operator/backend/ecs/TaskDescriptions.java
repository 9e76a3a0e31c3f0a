package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * DescribeTasks for many tasks: one call per {@value EcsTasksApi#DESCRIBE_CHUNK} tasks (so never
 * more than ⌈N/100⌉), at most {@code inFlight} of one observe's calls at once, on threads shared by
 * every cluster. One after the other, an observe of 10,000 tasks was 100 round trips on the
 * reconcile thread; four at a time it is 25. The calls of one observe stop being sent once one has
 * failed, and the worst failure is thrown ({@link WorstFailure}).
 */
final class TaskDescriptions implements AutoCloseable {
  /** Calls of one observe in flight at most (DescribeTasks is throttled per account and region). */
  static final int DEFAULT_IN_FLIGHT = 4;

  /** Threads shared by the observes of every cluster. */
  static final int DEFAULT_THREADS = 8;

  private final ExecutorService threads;
  private final int inFlight;

  /**
   * @param threads where the calls run (owned: shut down by {@link #close})
   * @param inFlight calls of one {@link #describe} at once at most; 1 describes on the caller's
   *     thread, one call after the other
   */
  TaskDescriptions(ExecutorService threads, int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1, not " + inFlight);
    }
    this.threads = threads;
    this.inFlight = inFlight;
  }

  /** {@code threads} daemon threads named {@code ecs-describe-tasks-N}. */
  static TaskDescriptions onThreads(int threads, int inFlight) {
    AtomicInteger n = new AtomicInteger();
    return new TaskDescriptions(
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "ecs-describe-tasks-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }),
        inFlight);
  }

  /** The tasks of {@code arns} (those ECS knows), in the order of {@code arns}' chunks. */
  List<Task> describe(EcsTasks ecs, String cluster, List<String> arns) throws BackendException {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += EcsTasksApi.DESCRIBE_CHUNK) {
      chunks.add(arns.subList(i, Math.min(arns.size(), i + EcsTasksApi.DESCRIBE_CHUNK)));
    }
    if (chunks.size() <= 1 || inFlight == 1) {
      List<Task> tasks = new ArrayList<>();
      for (List<String> chunk : chunks) {
        tasks.addAll(ecs.describeTasks(cluster, chunk));
      }
      return tasks;
    }
    return inParallel(ecs, cluster, chunks);
  }

  private List<Task> inParallel(EcsTasks ecs, String cluster, List<List<String>> chunks)
      throws BackendException {
    List<List<Task>> answers = new ArrayList<>(chunks.size());
    chunks.forEach(c -> answers.add(List.of()));
    AtomicInteger next = new AtomicInteger();
    Queue<BackendException> failures = new ConcurrentLinkedQueue<>();
    Runnable caller =
        () -> {
          for (int c = next.getAndIncrement();
              c < chunks.size() && failures.isEmpty();
              c = next.getAndIncrement()) {
            try {
              List<Task> described = ecs.describeTasks(cluster, chunks.get(c));
              synchronized (answers) {
                answers.set(c, described);
              }
            } catch (BackendException e) {
              failures.add(e);
            }
          }
        };
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int i = 0; i < Math.min(inFlight, chunks.size()); i++) {
      callers.add(CompletableFuture.runAsync(caller, threads));
    }
    awaitAll(callers, next, chunks.size());
    var worst = WorstFailure.of(List.copyOf(failures));
    if (worst.isPresent()) {
      throw worst.get();
    }
    List<Task> tasks = new ArrayList<>();
    synchronized (answers) {
      answers.forEach(tasks::addAll);
    }
    return tasks;
  }

  private static void awaitAll(List<CompletableFuture<Void>> callers, AtomicInteger next, int end)
      throws BackendException {
    try {
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get();
    } catch (InterruptedException e) {
      next.set(end); // the callers send no more
      Thread.currentThread().interrupt();
      throw BackendException.transientFailure("Interrupted", "interrupted while describing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("DescribeTasks failed unexpectedly", e.getCause());
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
