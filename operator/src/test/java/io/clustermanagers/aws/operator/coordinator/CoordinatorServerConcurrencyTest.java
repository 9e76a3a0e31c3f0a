package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoordinatorServerConcurrencyTest {
  private static final int THREADS = 20;
  private static final int HEARTBEATS_PER_THREAD = 200;
  private static final ClusterKey CLUSTER = new ClusterKey("team-a", "alpha");
  private static final String TOKEN = "token-of-alpha";

  private final RecordingListener listener = new RecordingListener();
  private final WorkerRegistry registry =
      new WorkerRegistry(new MutableClock(Instant.parse("2025-03-01T12:00:00Z")), listener);

  @Test
  void manyThreadsHeartbeatingAtOnceAllSucceed() throws Exception {
    registry.openCluster(CLUSTER, TOKEN, Duration.ofSeconds(10));
    ExecutorService callers = Executors.newFixedThreadPool(THREADS);
    try (CoordinatorServer server =
        CoordinatorServer.start(registry, new InetSocketAddress("127.0.0.1", 0), 4)) {
      CoordinatorClient client = new CoordinatorClient(server.port());
      for (int i = 0; i < THREADS; i++) {
        String json = "{\"workerId\": \"w-" + i + "\", \"address\": \"10.0.0.1\", \"port\": 0}";
        assertThat(client.register("team-a", "alpha", TOKEN, json).statusCode()).isEqualTo(200);
      }

      List<Integer> statuses = heartbeatFromAllThreads(client, callers);

      assertThat(statuses).hasSize(THREADS * HEARTBEATS_PER_THREAD).containsOnly(204);
      assertThat(registry.workers(CLUSTER)).hasSize(THREADS);
      assertThat(listener.notifications()).hasSize(THREADS);
    } finally {
      callers.shutdownNow();
    }
  }

  private List<Integer> heartbeatFromAllThreads(CoordinatorClient client, ExecutorService callers)
      throws Exception {
    CountDownLatch startTogether = new CountDownLatch(1);
    List<Future<List<Integer>>> results = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      results.add(callers.submit(heartbeats(client, "w-" + i, startTogether)));
    }
    startTogether.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<List<Integer>> result : results) {
      // a guard against a hung test, not a timing assertion
      statuses.addAll(result.get(5, TimeUnit.MINUTES));
    }
    return statuses;
  }

  private static Callable<List<Integer>> heartbeats(
      CoordinatorClient client, String workerId, CountDownLatch startTogether) {
    return () -> {
      startTogether.await();
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < HEARTBEATS_PER_THREAD; i++) {
        statuses.add(client.heartbeat("team-a", "alpha", TOKEN, workerId).statusCode());
      }
      return statuses;
    };
  }
}
