package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * StopTask for many tasks without holding the reconcile thread. ECS has no batch stop, and its
 * StopTask bucket lets ~100 calls through at once and ~100 a second after that, so 1,000 stops take
 * ~9 s however they are sent. Each stop takes a token from one bucket shared by every cluster
 * ({@link LaunchRateLimiter#reserve}: not a sleep, the time until its token is there) and is
 * scheduled on a few shared threads for that time; the caller waits only for the stops the bucket
 * allows now, and at most {@code holdAtMost}, and the rest are sent in the background.
 *
 * <p>A task asked to stop stays <em>pending</em> here until an observe shows ECS stopping it
 * ({@link #seen}): {@link EcsWorkerBackend#observe} shows it as asked to stop meanwhile, so the
 * core counts it as stopping (not gone, not running), and a repeated stop skips it (no second
 * StopTask). A stop that fails is no longer pending: the next observe shows the task running and
 * the core stops it again. After a crash nothing is pending: the next leader sees the tasks still
 * running and stops them; a StopTask repeated for a task ECS stops already is harmless. {@link
 * #release} forgets a cluster; its stops not sent yet still go (nothing of it is kept; the calls
 * end within the bucket's wait). {@link #close} (the operator's shutdown) drops the calls not sent.
 */
final class TaskStops implements AutoCloseable {
  /** Calls in flight at most; the SDK's HTTP client holds this many connections easily. */
  static final int DEFAULT_THREADS = 8;

  /** How long a stop holds its caller (the reconcile thread) at most. */
  static final Duration DEFAULT_HOLD = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(TaskStops.class);

  /** Runs a call after a delay: a few shared threads; a fake in tests. */
  interface Scheduler extends AutoCloseable {
    Future<?> schedule(Runnable call, Duration delay);

    @Override
    void close();

    /** {@code threads} daemon threads named {@code ecs-stop-task-N}. */
    static Scheduler onThreads(int threads) {
      AtomicInteger n = new AtomicInteger();
      ScheduledThreadPoolExecutor pool =
          new ScheduledThreadPoolExecutor(
              threads,
              r -> {
                Thread t = new Thread(r, "ecs-stop-task-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      pool.setRemoveOnCancelPolicy(true);
      return new Scheduler() {
        @Override
        public Future<?> schedule(Runnable call, Duration delay) {
          return pool.schedule(call, delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
          pool.shutdownNow();
        }
      };
    }
  }

  /** A stop asked for: its scheduled call and the call's answer. */
  private record Pending(Future<?> call, CompletableFuture<Void> answer) {}

  private final Scheduler scheduler;
  private final LaunchRateLimiter rate;
  private final Duration holdAtMost;
  private final Map<String, Map<String, Pending>> byGroup = new ConcurrentHashMap<>();

  /**
   * @param scheduler where the calls run (owned: closed by {@link #close})
   * @param rate the StopTask bucket, shared by every cluster
   * @param holdAtMost how long {@link #stopAll} waits for the calls the bucket allows now
   */
  TaskStops(Scheduler scheduler, LaunchRateLimiter rate, Duration holdAtMost) {
    this.scheduler = scheduler;
    this.rate = rate;
    this.holdAtMost = holdAtMost;
  }

  /**
   * ECS's StopTask throttle as assumed here: a bucket of 100 refilled at 100 per second, with the
   * SDK's throttling retries behind it. ECS publishes a bucket per action in "Request throttling
   * for the Amazon ECS API"
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html); its
   * figures for StopTask could not be read where this was written, so these are <b>assumed</b> (the
   * figure of issue 11's brief, ~100/s).
   */
  static TaskStops ecs(Clock clock, int threads) {
    return new TaskStops(
        Scheduler.onThreads(threads),
        new LaunchRateLimiter(100, 100, Duration.ZERO, clock, d -> {}),
        DEFAULT_HOLD);
  }

  /**
   * Asks ECS to stop every task not pending already. Returns once the calls the bucket allows now
   * have answered, or {@code holdAtMost} has passed; the others go on in the background. Of the
   * answered calls that failed, the first permanent failure (else the first) is thrown, the rest
   * suppressed; the other calls are made all the same.
   */
  void stopAll(
      String groupUid, EcsTasks ecs, String cluster, Collection<String> taskIds, String reason)
      throws BackendException {
    Map<String, Pending> pending =
        byGroup.computeIfAbsent(groupUid, k -> new ConcurrentHashMap<>());
    List<CompletableFuture<Void>> dueNow = new ArrayList<>();
    List<CompletableFuture<Void>> later = new ArrayList<>();
    for (String task : taskIds) {
      if (pending.containsKey(task)) {
        continue; // asked already, not yet seen stopping
      }
      Duration wait = rate.reserve(1);
      CompletableFuture<Void> answer = new CompletableFuture<>();
      Runnable call = () -> send(ecs, cluster, task, reason, answer);
      Pending asked = new Pending(scheduler.schedule(call, wait), answer);
      pending.put(task, asked);
      // A failed stop is pending no more: the next observe shows the task running, stopped again.
      answer.whenComplete(
          (ok, e) -> {
            if (e != null) {
              pending.remove(task, asked);
            }
          });
      (wait.isZero() ? dueNow : later).add(answer);
    }
    List<BackendException> failures = awaitAnswers(dueNow, later);
    var worst = WorstFailure.of(failures);
    if (worst.isPresent()) {
      throw worst.get();
    }
  }

  /** The ids of the group's tasks asked to stop that no observe has shown stopping yet. */
  Set<String> pending(String groupUid) {
    return Set.copyOf(byGroup.getOrDefault(groupUid, Map.of()).keySet());
  }

  /**
   * What an observe saw of the group's tasks (every task ECS lists): a pending task ECS shows
   * stopping or stopped, or no longer lists, is pending no more (a call not sent yet is dropped).
   */
  void seen(String groupUid, Collection<Task> listed) {
    Map<String, Pending> pending = byGroup.get(groupUid);
    if (pending == null || pending.isEmpty()) {
      return;
    }
    Map<String, Task> byId = new java.util.HashMap<>();
    listed.forEach(t -> byId.put(EcsTaskMapper.taskId(t), t));
    pending
        .entrySet()
        .removeIf(
            e -> {
              Task task = byId.get(e.getKey());
              boolean stopping =
                  task == null
                      || "STOPPED".equals(task.desiredStatus())
                      || "STOPPED".equals(task.lastStatus());
              if (stopping) {
                e.getValue().call().cancel(false);
              }
              return stopping;
            });
  }

  /**
   * Forgets the group (its cluster is gone). Its stops not sent yet are still sent, within the rate
   * and without keeping anything of the group here: a task left running would cost money, and a
   * cluster whose workers have all ended (the usual release) has none.
   */
  void release(String groupUid) {
    byGroup.remove(groupUid);
  }

  /** Stops of all groups pending, for tests. */
  int pendingCount() {
    return byGroup.values().stream().mapToInt(Map::size).sum();
  }

  private static void send(
      EcsTasks ecs, String cluster, String task, String reason, CompletableFuture<Void> answer) {
    try {
      ecs.stopTask(cluster, task, reason);
      answer.complete(null);
    } catch (BackendException | RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  /**
   * Waits for the calls due now until {@code holdAtMost}; the failures of those that answered. A
   * failure of a call nobody waits for is logged (the task is stopped again after the next
   * observe).
   */
  private List<BackendException> awaitAnswers(
      List<CompletableFuture<Void>> dueNow, List<CompletableFuture<Void>> later)
      throws BackendException {
    long deadline = System.nanoTime() + holdAtMost.toNanos();
    List<BackendException> failures = new ArrayList<>();
    List<CompletableFuture<Void>> unanswered = new ArrayList<>(later);
    for (CompletableFuture<Void> answer : dueNow) {
      try {
        answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        unanswered.add(answer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw BackendException.transientFailure(
            "Interrupted", "interrupted while stopping (the stops go on)", e);
      } catch (ExecutionException e) {
        failures.add(asBackendFailure(e.getCause()));
      }
    }
    unanswered.forEach(
        a ->
            a.whenComplete(
                (ok, e) -> {
                  if (e != null) {
                    LOG.warn("StopTask failed (the task is stopped again): {}", e.getMessage());
                  }
                }));
    return failures;
  }

  private static BackendException asBackendFailure(Throwable cause) {
    if (cause instanceof BackendException backend) {
      return backend;
    }
    throw new IllegalStateException("StopTask failed unexpectedly", cause);
  }

  @Override
  public void close() {
    byGroup.clear();
    scheduler.close();
  }
}
