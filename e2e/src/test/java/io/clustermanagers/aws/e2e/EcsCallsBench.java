package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.ecs.EcsCallRates;
import io.clustermanagers.aws.operator.backend.ecs.EcsWorkerBackend;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * A benchmark, not a test ({@code bench/run.sh ecs-calls} selects it with {@code -Dit.test}): the
 * ECS backend against moto (tasks kept in their state), its AWS calls counted by {@link EcsCallLog}
 * (once per call and per ListTasks page, whatever the SDK's retries). For each N of {@code
 * bench.sizes} (default 100,1000) it launches N workers the way the core does (one request, then
 * the rest that the Fargate launch rate of 100 tasks plus 20/s left over, from the next sequence
 * on), observes twice (two resyncs with nothing changed), stops them all in one call as the core
 * does on suspend, delete or scale to 0, then observes until every worker has ended ("confirm") and
 * once more ("resync, all stopped": stopped tasks are not described again). "stop all" is the time
 * the caller (the reconcile thread) is held and the calls made meanwhile; the StopTask calls the
 * rate leaves for later are sent in the background and counted in "confirm". For the side-by-side
 * figures of the same run: "resync, one DescribeTasks at a time (before)" observes with a backend
 * that describes one call after the other, as before; with {@code bench.oneByOne} (default true) a
 * second cluster of N is stopped one StopTask after the other on the calling thread (the SDK
 * directly), as the backend once did. With {@code bench.stopLatencyMs} ({@code
 * bench.describeLatencyMs}) every StopTask (DescribeTasks) waits that long before it is sent
 * (emulating the round trip to a real ECS endpoint, which moto on loopback does not have). {@code
 * bench.launchRate} (tasks per second, default Fargate's 20) raises the backend's launch rate for
 * the bench only ({@link EcsCallRates#withLaunchRate}; moto has no Fargate bucket), so that 10,000
 * tasks launch in reasonable time. With {@code bench.fairStopBacklog} (default 0: left out), a last
 * step measures fairness across clusters: one cluster stops that many workers, then another stops
 * 5, and the row gives the time until the second's StopTask calls are made. Prints the AWS calls of
 * each step, the target of issue 11 where there is one, and the time it took; writes the table to
 * {@code target/ecs-calls-bench.md}.
 */
class EcsCallsBench {
  private static final String ECS_CLUSTER = "workers";
  private static final int FEW = 5;
  private static final List<String> OPERATIONS =
      List.of("RunTask", "ListTasks", "DescribeTasks", "StopTask", "RegisterTaskDefinition");

  @Test
  void awsCallsToLaunchResyncAndStop() throws Exception {
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "100,1000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    StringBuilder table = new StringBuilder();
    table.append("| N | step | workers seen | ");
    table.append(String.join(" | ", OPERATIONS)).append(" | other | target | seconds |\n");
    table.append("| ---: | --- | ---: |").append(" ---: |".repeat(OPERATIONS.size()));
    table.append(" --- | --- | ---: |\n");
    EcsCallLog calls =
        new EcsCallLog(
            Long.getLong("bench.stopLatencyMs", 0), Long.getLong("bench.describeLatencyMs", 0));
    int launchRate = Integer.getInteger("bench.launchRate", 20);
    EcsCallRates rates =
        launchRate == 20
            ? EcsCallRates.DEFAULT
            : EcsCallRates.DEFAULT.withLaunchRate(Math.max(100, launchRate), launchRate);
    try (MotoServer moto = MotoServer.start();
        AwsClientFactory clients = new AwsClientFactory(moto.settings(calls))) {
      moto.keepEcsTasksRunning();
      clients.ecs(Optional.empty()).createCluster(b -> b.clusterName(ECS_CLUSTER));
      List<String> subnets = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId");
      List<String> groups =
          MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").subList(0, 1);
      for (int n : sizes) {
        try (EcsWorkerBackend backend = new EcsWorkerBackend(clients, Clock.systemUTC(), rates)) {
          WorkerGroup group = group("calls-" + n, subnets, groups);
          AtomicReference<List<BackendWorker>> seen = new AtomicReference<>(List.of());
          double seconds = timed(calls, () -> launchAll(backend, group, n));
          row(table, calls, n, "launch", -1, "RunTask = ⌈N/10⌉ = " + ceil(n, 10), seconds);
          for (int resync = 1; resync <= 2; resync++) {
            seconds = timed(calls, () -> seen.set(backend.observe(group)));
            row(
                table,
                calls,
                n,
                "resync " + resync,
                seen.get().size(),
                "DescribeTasks ≤ ⌈N/100⌉ = " + ceil(n, 100),
                seconds);
          }
          try (EcsWorkerBackend before =
              new EcsWorkerBackend(clients, Clock.systemUTC(), rates.withDescribesInFlight(1))) {
            AtomicReference<List<BackendWorker>> once = new AtomicReference<>();
            seconds = timed(calls, () -> once.set(before.observe(group)));
            row(
                table,
                calls,
                n,
                "resync, one DescribeTasks at a time (before)",
                once.get().size(),
                "DescribeTasks ≤ ⌈N/100⌉ = " + ceil(n, 100),
                seconds);
          }
          List<String> ids = seen.get().stream().map(BackendWorker::id).toList();
          seconds = timed(calls, () -> backend.stop(group, ids, "the cluster is suspended"));
          row(table, calls, n, "stop all (suspend/delete): caller held", -1, "", seconds);
          seconds = timed(calls, () -> seen.set(untilEnded(backend, group)));
          row(
              table,
              calls,
              n,
              "confirm all ended (the rest of the stops in the background)",
              ended(seen.get()),
              "",
              seconds);
          seconds = timed(calls, () -> seen.set(backend.observe(group)));
          row(
              table,
              calls,
              n,
              "resync, all stopped",
              ended(seen.get()),
              "DescribeTasks falls for stopped tasks",
              seconds);
          if (Boolean.parseBoolean(System.getProperty("bench.oneByOne", "true"))) {
            WorkerGroup before = group("one-by-one-" + n, subnets, groups);
            launchAll(backend, before, n);
            List<String> each = backend.observe(before).stream().map(BackendWorker::id).toList();
            EcsClient ecs = clients.ecs(Optional.empty());
            seconds =
                timed(
                    calls,
                    () -> {
                      for (String id : each) {
                        ecs.stopTask(b -> b.cluster(ECS_CLUSTER).task(id).reason("suspended"));
                      }
                    });
            row(
                table,
                calls,
                n,
                "stop one StopTask after the other on the caller (before)",
                -1,
                "",
                seconds);
          }
        }
      }
      int backlog = Integer.getInteger("bench.fairStopBacklog", 0);
      if (backlog > 0) {
        try (EcsWorkerBackend backend = new EcsWorkerBackend(clients, Clock.systemUTC(), rates)) {
          fairStop(backend, calls, table, backlog, subnets, groups);
        }
      }
    }
    System.out.println(table);
    Files.writeString(Path.of("target", "ecs-calls-bench.md"), table.toString());
  }

  /**
   * Cluster A stops {@code backlog} workers (more than the StopTask bucket's 100 at once, so most
   * wait for their tokens), then cluster B stops {@value #FEW}: how long B waits until its StopTask
   * calls are made (the moment each is handed to the SDK, before any emulated latency), and how
   * many of A's calls were made meanwhile. With one queue for all, B's calls came after A's whole
   * backlog; served in turns, within a few tokens.
   */
  private static void fairStop(
      EcsWorkerBackend backend,
      EcsCallLog calls,
      StringBuilder table,
      int backlog,
      List<String> subnets,
      List<String> groups)
      throws Exception {
    WorkerGroup big = group("fair-backlog-" + backlog, subnets, groups);
    WorkerGroup few = group("fair-few", subnets, groups);
    launchAll(backend, big, backlog);
    launchAll(backend, few, FEW);
    List<String> bigIds = backend.observe(big).stream().map(BackendWorker::id).toList();
    List<String> fewIds = backend.observe(few).stream().map(BackendWorker::id).toList();
    double seconds = timed(calls, () -> backend.stop(big, bigIds, "the cluster is suspended"));
    row(table, calls, backlog, "fair stop: cluster A stops all, caller held", -1, "", seconds);
    AtomicReference<Double> held = new AtomicReference<>();
    seconds =
        timed(
            calls,
            () -> {
              long asked = System.nanoTime();
              backend.stop(few, fewIds, "scaled down");
              held.set((System.nanoTime() - asked) / 1e9);
              long deadline = asked + Duration.ofMinutes(5).toNanos();
              while (!calls.stoppedTasks().containsAll(fewIds) && System.nanoTime() < deadline) {
                Thread.sleep(5);
              }
            });
    row(
        table,
        calls,
        backlog,
        String.format(
            "fair stop: then cluster B stops %d: until its %d StopTask calls are made (B's caller"
                + " held %.2f s; StopTask − %d = A's calls meanwhile)",
            FEW, FEW, held.get(), FEW),
        (int) fewIds.stream().filter(calls.stoppedTasks()::contains).count(),
        "B within ~1 s, not behind A's backlog",
        seconds);
  }

  /**
   * What the core does over its reconciles: launch the missing workers from the next sequence on
   * until N are launched (the Fargate launch rate leaves the rest of a launch for later).
   */
  private static void launchAll(EcsWorkerBackend backend, WorkerGroup group, int n)
      throws Exception {
    long next = 0;
    while (next < n) {
      List<BackendWorker> launched =
          backend.launch(group, new LaunchRequest(next, (int) (n - next)));
      if (launched.isEmpty()) {
        Thread.sleep(100);
      }
      next += launched.size();
    }
  }

  /** Observes until every worker has ended (for at most five minutes). */
  private static List<BackendWorker> untilEnded(EcsWorkerBackend backend, WorkerGroup group)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    List<BackendWorker> seen = backend.observe(group);
    while (System.nanoTime() < deadline && seen.stream().anyMatch(w -> !w.isEnded())) {
      Thread.sleep(200);
      seen = backend.observe(group);
    }
    return seen;
  }

  private static int ended(List<BackendWorker> workers) {
    return (int) workers.stream().filter(BackendWorker::isEnded).count();
  }

  private static int ceil(int n, int per) {
    return (n + per - 1) / per;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double timed(EcsCallLog calls, Step step) throws Exception {
    calls.reset();
    long start = System.nanoTime();
    step.run();
    return Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
  }

  private static void row(
      StringBuilder table,
      EcsCallLog log,
      int n,
      String name,
      int seen,
      String target,
      double seconds) {
    Map<String, Integer> calls = log.snapshot();
    table.append(
        String.format("| %d | %s | %s |", n, name, seen < 0 ? "" : Integer.toString(seen)));
    for (String operation : OPERATIONS) {
      table.append(' ').append(calls.getOrDefault(operation, 0)).append(" |");
    }
    StringBuilder other = new StringBuilder();
    calls.forEach(
        (operation, count) -> {
          if (!OPERATIONS.contains(operation)) {
            other
                .append(other.length() == 0 ? "" : ", ")
                .append(operation)
                .append(' ')
                .append(count);
          }
        });
    table.append(String.format(" %s | %s | %.1f |%n", other, target, seconds));
  }

  private static WorkerGroup group(String name, List<String> subnets, List<String> groups) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("ecs");
    spec.getTemplate().setImage("public.ecr.aws/acm/worker:bench");
    spec.getTemplate().setVcpus(0.5);
    spec.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    EcsSpec ecs = new EcsSpec();
    ecs.setCluster(ECS_CLUSTER);
    ecs.setLaunchType("FARGATE");
    EcsNetworkConfiguration network = new EcsNetworkConfiguration();
    network.setSubnets(subnets);
    network.setSecurityGroups(groups);
    ecs.setNetworkConfiguration(network);
    spec.setEcs(ecs);
    return new WorkerGroup(
        new ClusterKey("research", name),
        UUID.randomUUID().toString(),
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "secret-token"));
  }
}
