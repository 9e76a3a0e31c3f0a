package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * StopTask for many tasks without holding the reconcile thread, fair across clusters. ECS has no
 * batch stop, and its StopTask bucket lets ~100 calls through at once and ~100 a second after that,
 * so 1,000 stops take ~9 s however they are sent. The stops of each cluster (group) wait in a queue
 * of their own, and one {@link StopDispatcher} shared by every cluster sends them in turns, one
 * call per token of one bucket ({@link LaunchRateLimiter}) and a few calls at a time: a cluster
 * that asks for 5 stops behind another's 10,000 has them sent within a few tokens (under a second),
 * not after the 10,000 (~100 s of the other's backlog). The caller waits only until as many of its
 * calls have answered as the bucket held tokens for when it asked (the stops that can go now), and
 * at most {@code holdAtMost}; the rest are sent in the background.
 *
 * <p>A task asked to stop stays <em>pending</em> here until an observe shows ECS stopping it
 * ({@link #seen}): {@link EcsWorkerBackend#observe} shows it as asked to stop meanwhile, so the
 * core counts it as stopping (not gone, not running), and a repeated stop skips it (no second
 * StopTask). A stop that fails is no longer pending: the next observe shows the task running and
 * the core stops it again. After a crash nothing is pending: the next leader sees the tasks still
 * running and stops them; a StopTask repeated for a task ECS stops already is harmless. {@link
 * #release} forgets a cluster; its stops not sent yet still go (the dispatcher holds only those
 * calls, until their turn). {@link #close} (the operator's shutdown) drops the calls not sent.
 */
final class TaskStops implements AutoCloseable {
  /** Calls in flight at most; the SDK's HTTP client holds this many connections easily. */
  static final int DEFAULT_THREADS = 8;

  /** How long a stop holds its caller (the reconcile thread) at most. */
  static final Duration DEFAULT_HOLD = Duration.ofSeconds(1);

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

  private final StopDispatcher dispatcher;
  private final Duration holdAtMost;
  private final Map<String, Map<String, StopCall>> byGroup = new ConcurrentHashMap<>();

  /**
   * @param scheduler where the calls run (owned: closed by {@link #close}), at least {@code
   *     callsInFlight} threads
   * @param rate the StopTask bucket, shared by every cluster
   * @param callsInFlight StopTask calls in flight at most, across clusters
   * @param holdAtMost how long {@link #stopAll} waits for the calls the bucket allows now
   */
  TaskStops(Scheduler scheduler, LaunchRateLimiter rate, int callsInFlight, Duration holdAtMost) {
    this.dispatcher = new StopDispatcher(scheduler, rate, callsInFlight);
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
        threads,
        DEFAULT_HOLD);
  }

  /**
   * Asks ECS to stop every task not pending already, queued behind the group's earlier stops.
   * Returns once as many of these calls have answered as the bucket allows now, or {@code
   * holdAtMost} has passed; the others go on in the background. Of the calls that answered
   * meanwhile and failed, the first permanent failure (else the first) is thrown, the rest
   * suppressed; the other calls are made all the same.
   */
  void stopAll(
      String groupUid, EcsTasks ecs, String cluster, Collection<String> taskIds, String reason)
      throws BackendException {
    Map<String, StopCall> pending =
        byGroup.computeIfAbsent(groupUid, k -> new ConcurrentHashMap<>());
    CallerHold hold = new CallerHold();
    List<StopCall> asked = new ArrayList<>();
    for (String task : taskIds) {
      StopCall call = new StopCall(ecs, cluster, task, reason);
      if (pending.putIfAbsent(task, call) != null) {
        continue; // asked already, not yet seen stopping
      }
      call.answer()
          .whenComplete(
              (ok, e) -> {
                if (e != null) {
                  // A failed stop is pending no more: the next observe shows it running.
                  pending.remove(task, call);
                }
                hold.answered(e);
              });
      asked.add(call);
    }
    int allowedNow = asked.isEmpty() ? 0 : dispatcher.enqueue(groupUid, asked);
    var worst = WorstFailure.of(hold.await(allowedNow, holdAtMost));
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
    Map<String, StopCall> pending = byGroup.get(groupUid);
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
                e.getValue().cancel();
              }
              return stopping;
            });
  }

  /**
   * Forgets the group (its cluster is gone). Its stops not sent yet are still sent in their turn,
   * within the rate; nothing else of the group is kept here: a task left running would cost money,
   * and a cluster whose workers have all ended (the usual release) has none.
   */
  void release(String groupUid) {
    byGroup.remove(groupUid);
  }

  /** Stops of all groups pending, for tests. */
  int pendingCount() {
    return byGroup.values().stream().mapToInt(Map::size).sum();
  }

  /** Calls queued for the dispatcher and not sent yet, for tests. */
  int queuedCount() {
    return dispatcher.queuedCount();
  }

  @Override
  public void close() {
    byGroup.clear();
    dispatcher.close();
  }
}
