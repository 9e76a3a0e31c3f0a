package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A benchmark, not a test ({@code BACKEND=ecs bench/run.sh registration-storm} selects it with
 * {@code -Dit.test}): {@link RegistrationStormBench} on ECS. The operator in process on the real
 * API server with its default timings, one ECS cluster of {@code bench.workers} (default 1,000)
 * Fargate workers on moto (tasks held RUNNING by moto's manual state transitions; moto runs no
 * containers). Once every worker runs, all of them register at once from {@code bench.threads}
 * threads (as after a leader change), and the bench counts the operator's ECS calls from the first
 * registration until the status says every worker is Ready. An observe is one ListTasks per desired
 * status (moto answers each in one page) plus ⌈tasks/100⌉ DescribeTasks; the target: at most one
 * backend observe per progress poll (5 s). Writes the table to {@code
 * target/ecs-registration-storm-bench.md}.
 */
class EcsRegistrationStormBench {
  private static final String NS = "research";
  private static final String ECS_CLUSTER = "storm-workers";
  private static final int WORKERS = Integer.getInteger("bench.workers", 1_000);
  private static final int THREADS = Integer.getInteger("bench.threads", 8);
  private static final Duration POLL = Duration.ofSeconds(5);
  private static final Duration WITHIN = Duration.ofMinutes(15);

  @Test
  void registrationStorm() throws Exception {
    EcsCallLog calls = new EcsCallLog();
    try (MotoServer moto = MotoServer.start();
        EcsClient direct =
            EcsClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.of(MotoServer.REGION))
                .credentialsProvider(MotoServer.CREDENTIALS)
                .build()) {
      moto.keepEcsTasksRunning();
      direct.createCluster(b -> b.clusterName(ECS_CLUSTER));
      List<String> subnets = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId");
      List<String> groups =
          MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").subList(0, 1);
      try (OperatorHarness harness = new OperatorHarness(benchConfig(moto, calls))) {
        create(harness, "storm", subnets, groups);
        long launchStart = System.nanoTime();
        await(() -> count(harness, AwsClusterStatus::getRunningReplicas) == WORKERS, "running");
        long launched = (System.nanoTime() - launchStart) / 1_000_000;
        List<String> taskIds =
            direct.listTasksPaginator(b -> b.cluster(ECS_CLUSTER)).taskArns().stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .toList();
        String url = harness.status(NS, "storm").getCoordinator().getUrl();
        String token = harness.coordinatorToken(NS, "storm");
        // Two quiet progress polls first: what the operator calls at rest.
        Path audit = harness.server().auditLog();
        calls.reset();
        long restFrom = Files.size(audit);
        Thread.sleep(2 * POLL.toMillis());
        Map<String, Integer> atRest = calls.snapshot();
        calls.reset();
        long stormFrom = Files.size(audit);
        double reconcilesBefore = reconciles(harness);
        long start = System.nanoTime();
        long registered;
        try (FakeAgents agents = new FakeAgents(url, NS, "storm", token)) {
          registerAll(agents, taskIds);
          registered = (System.nanoTime() - start) / 1_000_000;
          await(() -> count(harness, AwsClusterStatus::getReadyReplicas) == WORKERS, "Ready");
        }
        long ready = (System.nanoTime() - start) / 1_000_000;
        Map<String, Integer> storm = calls.snapshot();
        double reconciled = reconciles(harness) - reconcilesBefore;
        Thread.sleep(1_000); // the audit log's last lines
        StatusWrites writes =
            new StatusWrites(
                statusWrites(audit, restFrom, stormFrom), statusWrites(audit, stormFrom, audit));
        String table =
            table(atRest, storm, launched, registered, ready, taskIds.size(), writes)
                + String.format("reconciles started during the storm (JOSDK): %.0f%n", reconciled);
        System.out.println(table);
        Files.writeString(Path.of("target", "ecs-registration-storm-bench.md"), table);
        harness.clusters().inNamespace(NS).withName("storm").delete();
        await(() -> harness.clusters().inNamespace(NS).withName("storm").get() == null, "deleted");
      }
    }
  }

  /** The operator's status writes of the cluster: 10 s at rest, and from the storm's start on. */
  private record StatusWrites(List<Instant> atRest, List<Instant> storm) {
    /** The most writes received within one wall-clock second of the storm. */
    long peakPerSecond() {
      return storm.stream()
          .collect(Collectors.groupingBy(Instant::getEpochSecond, Collectors.counting()))
          .values()
          .stream()
          .mapToLong(Long::longValue)
          .max()
          .orElse(0);
    }
  }

  /** JOSDK's count of reconciles started so far, from the operator's /metrics (NaN: none). */
  private static double reconciles(OperatorHarness harness) throws Exception {
    List<Double> counts =
        harness
            .management("/metrics")
            .body()
            .lines()
            .filter(l -> l.startsWith("operator_sdk_reconciliations_started_total"))
            .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .toList();
    return counts.isEmpty() ? Double.NaN : counts.stream().mapToDouble(d -> d).sum();
  }

  private static List<Instant> statusWrites(Path audit, long from, long to) {
    return AuditedWrites.between(
        audit, from, to, AuditedWrites.operatorUser(), "awsclusters", "status", NS);
  }

  private static List<Instant> statusWrites(Path audit, long from, Path toEnd) throws IOException {
    return statusWrites(audit, from, Files.size(toEnd));
  }

  private static void registerAll(FakeAgents agents, List<String> taskIds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = first; i < taskIds.size(); i += THREADS) {
                    agents.register(taskIds.get(i));
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
  }

  private static String table(
      Map<String, Integer> atRest,
      Map<String, Integer> storm,
      long launched,
      long registered,
      long ready,
      int tasks,
      StatusWrites writes) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d ECS workers (moto, %d tasks listed) launched and running after %d ms; they register"
                + " at once from %d threads: all registered after %d ms, status Ready after %d"
                + " ms%n%n",
            WORKERS, tasks, launched, THREADS, registered, ready));
    out.append("| AWS call | 10 s at rest | storm (first registration → Ready) |\n");
    out.append("| --- | ---: | ---: |\n");
    TreeSet<String> ops = new TreeSet<>(atRest.keySet());
    ops.addAll(storm.keySet());
    for (String op : ops) {
      out.append(
          String.format(
              "| %s | %d | %d |%n", op, atRest.getOrDefault(op, 0), storm.getOrDefault(op, 0)));
    }
    double observes = storm.getOrDefault("ListTasks", 0) / 2.0;
    double polls = Math.max(1.0, ready / (double) POLL.toMillis());
    out.append(
        String.format(
            "%nbackend observes during the storm (ListTasks ÷ 2): %.1f in %.1f progress polls of %d"
                + " s = %.2f per poll (target ≤ 1); at rest: %.1f in 2 polls%n",
            observes,
            polls,
            POLL.toSeconds(),
            observes / polls,
            atRest.getOrDefault("ListTasks", 0) / 2.0));
    double seconds = (ready + 1_000) / 1000.0;
    out.append(
        String.format(
            "status writes of the cluster (audit log, update awsclusters/status): %d at rest in"
                + " 10 s; %d during the storm (%.1f s, first registration → Ready, plus 1 s) ="
                + " %.2f/s, at most %d in one second (target ≤ 1/s during churn)%n",
            writes.atRest().size(),
            writes.storm().size(),
            seconds,
            writes.storm().size() / seconds,
            writes.peakPerSecond()));
    return out.toString();
  }

  private static int count(OperatorHarness harness, Function<AwsClusterStatus, Integer> field) {
    AwsClusterStatus status = harness.status(NS, "storm");
    Integer value = status == null ? null : field.apply(status);
    return value == null ? 0 : value;
  }

  private static AwsCluster create(
      OperatorHarness harness, String name, List<String> subnets, List<String> groups) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("ecs");
    spec.setReplicas(WORKERS);
    spec.setMinReady(1);
    spec.setRegistrationTimeout("30m");
    spec.getTemplate().setImage("public.ecr.aws/acm/worker:bench");
    spec.getTemplate().setVcpus(0.5);
    spec.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    spec.getTemplate().setCommand(List.of("sleep", "3600"));
    EcsSpec ecs = new EcsSpec();
    ecs.setCluster(ECS_CLUSTER);
    ecs.setLaunchType("FARGATE");
    EcsNetworkConfiguration network = new EcsNetworkConfiguration();
    network.setSubnets(subnets);
    network.setSecurityGroups(groups);
    ecs.setNetworkConfiguration(network);
    spec.setEcs(ecs);
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

  /** The operator's default timings, ECS on moto (calls counted), room for the whole cluster. */
  private static OperatorConfig benchConfig(MotoServer moto, EcsCallLog calls) throws IOException {
    return new OperatorConfig(
        "127.0.0.1",
        0,
        Optional.empty(),
        EnumSet.of(BackendType.ECS),
        new LocalLaunchSettings(
            LocalLaunchSettings.agentFromThisJvm(),
            Files.createTempDirectory("acm-bench-logs"),
            Duration.ofSeconds(3)),
        moto.settings(calls),
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
