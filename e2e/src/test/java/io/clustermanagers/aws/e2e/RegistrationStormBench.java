package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.core.WorkerLimits;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test ({@code bench/run.sh registration-storm} selects it with {@code
 * -Dit.test}): the operator in process on the real API server with its default timings, one Batch
 * cluster of {@code bench.workers} (default 10,000) workers on moto (the proxy holds the jobs
 * RUNNING; moto runs no containers). Once every worker runs, all of them register at once from
 * {@code bench.threads} threads (as after a leader change, when every agent registers again), and
 * the bench counts the operator's AWS calls from the first registration until the status says every
 * worker is Ready. The target: at most one backend observe per progress poll (5 s), not one per
 * registration. Writes the table to {@code target/registration-storm-bench.md}.
 */
class RegistrationStormBench {
  private static final String NS = "research";
  private static final int WORKERS = Integer.getInteger("bench.workers", 10_000);
  private static final int THREADS = Integer.getInteger("bench.threads", 8);
  private static final Duration WITHIN = Duration.ofMinutes(10);

  @Test
  void registrationStorm() throws Exception {
    try (MotoBatchWorld aws = MotoBatchWorld.start();
        OperatorHarness harness = new OperatorHarness(benchConfig(aws))) {
      aws.proxy.holdNewJobsIn("RUNNING", null);
      AwsCluster cluster = create(harness, aws, "storm");
      await(() -> count(harness, AwsClusterStatus::getRunningReplicas) == WORKERS, "running");
      String parent = parentJob(aws, cluster);
      String url = harness.status(NS, "storm").getCoordinator().getUrl();
      String token = harness.coordinatorToken(NS, "storm");
      // Two quiet progress polls first: what the operator calls at rest, per poll.
      aws.calls().reset();
      Thread.sleep(10_000);
      Map<String, Integer> atRest = aws.calls().snapshot();
      aws.calls().reset();
      long start = System.nanoTime();
      long registered;
      try (FakeAgents agents = new FakeAgents(url, NS, "storm", token)) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            int first = t;
            done.add(
                pool.submit(
                    () -> {
                      for (int i = first; i < WORKERS; i += THREADS) {
                        agents.register(parent + ":" + i);
                      }
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        registered = (System.nanoTime() - start) / 1_000_000;
        await(() -> count(harness, AwsClusterStatus::getReadyReplicas) == WORKERS, "Ready");
      }
      long ready = (System.nanoTime() - start) / 1_000_000;
      Map<String, Integer> storm = aws.calls().snapshot();
      String table = table(atRest, storm, registered, ready);
      System.out.println(table);
      Files.writeString(Path.of("target", "registration-storm-bench.md"), table);
      harness.clusters().inNamespace(NS).withName("storm").delete();
      await(() -> harness.clusters().inNamespace(NS).withName("storm").get() == null, "deleted");
    }
  }

  private static String table(
      Map<String, Integer> atRest, Map<String, Integer> storm, long registered, long ready) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d Batch workers (one array, moto) register at once from %d threads: all registered"
                + " after %d ms, status Ready after %d ms%n%n",
            WORKERS, THREADS, registered, ready));
    out.append("| AWS call | 10 s at rest | storm (first registration → Ready) |\n");
    out.append("| --- | ---: | ---: |\n");
    java.util.TreeSet<String> ops = new java.util.TreeSet<>(atRest.keySet());
    ops.addAll(storm.keySet());
    for (String op : ops) {
      out.append(
          String.format(
              "| %s | %d | %d |%n", op, atRest.getOrDefault(op, 0), storm.getOrDefault(op, 0)));
    }
    return out.toString();
  }

  private static String parentJob(MotoBatchWorld aws, AwsCluster cluster) {
    String uid = cluster.getMetadata().getUid().replace("-", "");
    return aws
        .admin()
        .listJobsPaginator(
            b ->
                b.jobQueue(aws.stack().jobQueue())
                    .filters(f -> f.name("JOB_NAME").values("acm-" + uid + "-*")))
        .jobSummaryList()
        .stream()
        .map(j -> j.jobId())
        .filter(id -> !id.contains(":"))
        .findFirst()
        .orElseThrow();
  }

  private static int count(
      OperatorHarness harness, java.util.function.Function<AwsClusterStatus, Integer> field) {
    Integer value = field.apply(harness.status(NS, "storm"));
    return value == null ? 0 : value;
  }

  private static AwsCluster create(OperatorHarness harness, MotoBatchWorld aws, String name) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(WORKERS);
    // The stack's compute environments (moto) hold fewer vCPUs than 10,000 workers: with minReady
    // 1 the capacity check lets the array go (Batch would queue what does not fit).
    spec.setMinReady(1);
    spec.setRegistrationTimeout("30m");
    BatchSpec batch = new BatchSpec();
    batch.setJobQueue(aws.stack().jobQueue());
    batch.setJobDefinition(aws.stack().jobDefinition());
    spec.setBatch(batch);
    spec.getTemplate().setCommand(List.of("sleep", "3600"));
    cluster.setSpec(spec);
    return harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + WITHIN + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The operator's default timings, Batch on moto, room for the whole cluster. */
  private static OperatorConfig benchConfig(MotoBatchWorld aws) throws IOException {
    return new OperatorConfig(
        "127.0.0.1",
        0,
        Optional.empty(),
        EnumSet.of(BackendType.BATCH),
        new LocalLaunchSettings(
            LocalLaunchSettings.agentFromThisJvm(),
            Files.createTempDirectory("acm-bench-logs"),
            Duration.ofSeconds(3)),
        aws.operatorSettings(),
        new PlannerPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 3, Duration.ofMinutes(10)),
        new WorkerLimits(Math.max(WORKERS, 1000), Math.max(WORKERS, 5000)),
        ReconcileTiming.DEFAULT,
        50,
        8,
        Set.of(),
        0,
        Optional.of(OperatorHarness.LEASE_NAMESPACE),
        Optional.empty());
  }
}
