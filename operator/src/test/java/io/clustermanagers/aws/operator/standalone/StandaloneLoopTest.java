package io.clustermanagers.aws.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.core.ReconcileResult;
import io.clustermanagers.aws.operator.core.TransientBackendFailure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whatever ends a standalone run's reconciling, every worker is stopped before it exits. */
class StandaloneLoopTest {
  private static final Duration STOP_ALLOWED = Duration.ofSeconds(30);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ProgressView view =
      new ProgressView(new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopRunner() {
    runner.shutdownNow();
  }

  /** A cluster whose reconcile does {@code reconcile}; cleanup is done at its second call. */
  private StandaloneLoop.Cluster cluster(Supplier<ReconcileResult> reconcile) {
    AtomicInteger cleanups = new AtomicInteger();
    return new StandaloneLoop.Cluster() {
      @Override
      public ReconcileResult reconcile() {
        calls.add("reconcile");
        return reconcile.get();
      }

      @Override
      public ReconcileResult cleanup(String why) {
        calls.add("cleanup: " + why);
        // Not done at first, as while workers are still stopping: the stop phase must poll.
        return new ReconcileResult(
            Optional.of(Duration.ofMillis(10)), cleanups.incrementAndGet() > 1);
      }

      @Override
      public void whenOpened() {}

      @Override
      public boolean isOpen() {
        return true;
      }
    };
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anyExceptionFromReconcilingIsRetriedAndAStopStillStopsEveryWorker() throws Exception {
    StandaloneLoop loop =
        new StandaloneLoop(
            cluster(
                () -> {
                  throw new IllegalStateException("an unmapped SDK failure");
                }),
            view,
            Clock.systemUTC(),
            Duration.ofSeconds(60));
    Future<Boolean> run = runner.submit(() -> loop.run(STOP_ALLOWED));
    await().atMost(Duration.ofSeconds(20)).until(() -> calls.contains("reconcile"));

    loop.requestStop();

    assertThat(run.get(20, TimeUnit.SECONDS)).isTrue();
    assertThat(calls).contains("cleanup: the run is ending");
    assertThat(output())
        .contains("retrying in 1s: IllegalStateException: an unmapped SDK failure")
        .contains("all workers stopped");
  }

  @Test
  void aFailureThatEndsTheRunStopsEveryWorkerFirst() throws Exception {
    StandaloneLoop loop =
        new StandaloneLoop(
            cluster(
                () -> {
                  throw new OutOfMemoryError("simulated");
                }),
            view,
            Clock.systemUTC(),
            Duration.ofSeconds(60));

    Future<Boolean> run = runner.submit(() -> loop.run(STOP_ALLOWED));

    assertThat(catching(run)).isInstanceOf(OutOfMemoryError.class);
    assertThat(calls).containsSubsequence("reconcile", "cleanup: the run is ending");
    assertThat(output()).contains("the run failed", "all workers stopped");
  }

  @Test
  void aStopDuringALongLaunchInterruptsItAndStopsEveryWorker() throws Exception {
    CountDownLatch launching = new CountDownLatch(1);
    StandaloneLoop loop =
        new StandaloneLoop(
            cluster(
                () -> {
                  launching.countDown();
                  try {
                    Thread.sleep(Duration.ofHours(1).toMillis()); // thousands of SubmitJobs
                  } catch (InterruptedException e) {
                    // What the Batch and ECS backends do when interrupted.
                    Thread.currentThread().interrupt();
                    throw new TransientBackendFailure(
                        BackendException.transientFailure(
                            "Interrupted", "interrupted while launching", e));
                  }
                  return new ReconcileResult(Optional.empty(), true);
                }),
            view,
            Clock.systemUTC(),
            Duration.ofSeconds(60));
    Future<Boolean> run = runner.submit(() -> loop.run(STOP_ALLOWED));
    assertThat(launching.await(20, TimeUnit.SECONDS)).isTrue();

    loop.requestStop();

    assertThat(run.get(20, TimeUnit.SECONDS)).as("every worker stopped").isTrue();
    assertThat(calls.stream().filter(c -> c.startsWith("cleanup"))).hasSize(2);
  }

  @Test
  void aStopBeforeTheFirstReconcileLaunchesNothing() throws Exception {
    StandaloneLoop loop =
        new StandaloneLoop(
            cluster(() -> new ReconcileResult(Optional.empty(), true)),
            view,
            Clock.systemUTC(),
            Duration.ofSeconds(60));

    loop.requestStop();

    assertThat(CompletableFuture.supplyAsync(() -> run(loop), runner).get(20, TimeUnit.SECONDS))
        .isTrue();
    assertThat(calls).doesNotContain("reconcile").contains("cleanup: the run is ending");
  }

  private static boolean run(StandaloneLoop loop) {
    try {
      return loop.run(STOP_ALLOWED);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Throwable catching(Future<?> future) throws InterruptedException {
    try {
      future.get(20, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return e;
    }
  }
}
