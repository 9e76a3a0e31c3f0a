package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerBudgetTest {
  private static final ClusterKey A = new ClusterKey("ns", "a");
  private static final ClusterKey B = new ClusterKey("ns", "b");
  private final WorkerBudget budget = new WorkerBudget(10);

  @Test
  void eachClusterGetsWhatTheOthersLeave() {
    assertThat(budget.claim(A, 7, 0)).isEqualTo(7);
    assertThat(budget.claim(B, 7, 0)).isEqualTo(3);
    assertThat(budget.claim(A, 7, 7)).as("claiming again keeps its own share").isEqualTo(7);
  }

  @Test
  void aClaimNeverTakesAwayWorkersAClusterHas() {
    budget.claim(A, 10, 0);

    assertThat(budget.claim(B, 5, 4)).as("B runs 4 already").isEqualTo(4);
    assertThat(budget.claim(B, 2, 4)).as("B scales down to 2 itself").isEqualTo(2);
  }

  @Test
  void aGoneClustersShareGoesBackToTheOthers() {
    budget.claim(A, 8, 0);
    assertThat(budget.claim(B, 8, 0)).isEqualTo(2);

    budget.release(A);

    assertThat(budget.claim(B, 8, 2)).isEqualTo(8);
    assertThat(budget.clusters()).isEqualTo(1);
  }

  @Test
  void claimsInParallelNeverGrantMoreThanTheTotal() throws Exception {
    WorkerBudget shared = new WorkerBudget(100);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> grants = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ClusterKey key = new ClusterKey("ns", "c" + i);
        grants.add(
            pool.submit(
                () -> {
                  start.await();
                  return shared.claim(key, 7, 0);
                }));
      }
      start.countDown();
      int granted = 0;
      for (Future<Integer> grant : grants) {
        granted += grant.get(10, TimeUnit.SECONDS);
      }
      assertThat(granted).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }
}
