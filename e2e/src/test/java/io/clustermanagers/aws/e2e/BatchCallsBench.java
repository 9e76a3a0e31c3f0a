package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.batch.BatchWorkerBackend;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test ({@code bench/run.sh batch-calls} selects it with {@code -Dit.test}): the
 * Batch backend against moto, behind the proxy that keeps jobs running and counts the calls. For
 * each N of {@code bench.sizes} (default 100,1000,10000) it launches N workers in one request, then
 * observes twice (two resyncs with nothing changed), then once after 1% of the children ended (half
 * SUCCEEDED, half FAILED, set by {@link BatchStateProxy#endChildren}) and once more with nothing
 * changed since, stops them all in one call as the core does on suspend, delete or scale to 0 (one
 * {@code stop} per reason), then observes until every worker has ended ("confirm"). With {@code
 * bench.oneByOne} (default true) a second cluster of N is stopped the way the core did before, one
 * {@code stop} call per worker, for the side-by-side figure. Prints the AWS calls of each step and
 * the time it took; writes the table to {@code target/batch-calls-bench.md}. Moto does not end an
 * array's children when their parent is terminated; {@link BatchStateProxy} emulates it (as real
 * Batch does).
 */
class BatchCallsBench {
  private static final List<String> OPERATIONS =
      List.of("SubmitJob", "ListJobs", "DescribeJobs", "TerminateJob", "RegisterJobDefinition");

  @Test
  void awsCallsToLaunchAndResync() throws Exception {
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "100,1000,10000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    StringBuilder table = new StringBuilder();
    table.append("| N | step | workers seen | ");
    table.append(String.join(" | ", OPERATIONS)).append(" | other | seconds |\n");
    table.append("| ---: | --- | ---: |").append(" ---: |".repeat(OPERATIONS.size()));
    table.append(" --- | ---: |");
    table.append('\n');
    try (MotoBatchWorld aws = MotoBatchWorld.start()) {
      aws.proxy.holdNewJobsIn("RUNNING", null);
      for (int n : sizes) {
        try (AwsClientFactory clients = new AwsClientFactory(aws.operatorSettings())) {
          BatchWorkerBackend backend = new BatchWorkerBackend(clients, Clock.systemUTC());
          WorkerGroup group = group(aws, "calls-" + n);
          AtomicReference<List<BackendWorker>> seen = new AtomicReference<>(List.of());
          long seconds = timed(aws, () -> backend.launch(group, new LaunchRequest(0, n)));
          row(table, aws, n, "launch", -1, seconds);
          for (int resync = 1; resync <= 2; resync++) {
            seconds = timed(aws, () -> seen.set(backend.observe(group)));
            row(table, aws, n, "resync " + resync, seen.get().size(), seconds);
          }
          String parent = seen.get().get(0).id().split(":")[0];
          int changed = Math.max(2, n / 100);
          aws.proxy.endChildren(parent, 0, changed / 2, "SUCCEEDED");
          aws.proxy.endChildren(parent, changed / 2, changed - changed / 2, "FAILED");
          seconds = timed(aws, () -> seen.set(backend.observe(group)));
          row(
              table,
              aws,
              n,
              "resync, "
                  + changed
                  + " children ended (DescribeJobs ≤ "
                  + (ceil(changed, 100) + 1)
                  + ")",
              ended(seen.get()),
              seconds);
          seconds = timed(aws, () -> seen.set(backend.observe(group)));
          row(table, aws, n, "resync after, nothing changed", ended(seen.get()), seconds);
          List<String> ids = seen.get().stream().map(BackendWorker::id).toList();
          seconds = timed(aws, () -> backend.stop(group, ids, "the cluster is suspended"));
          row(table, aws, n, "stop all (suspend/delete)", -1, seconds);
          seconds = timed(aws, () -> seen.set(untilEnded(backend, group)));
          row(table, aws, n, "confirm all ended", ended(seen.get()), seconds);
          if (Boolean.parseBoolean(System.getProperty("bench.oneByOne", "true"))) {
            WorkerGroup before = group(aws, "one-by-one-" + n);
            backend.launch(before, new LaunchRequest(0, n));
            List<String> each = backend.observe(before).stream().map(BackendWorker::id).toList();
            seconds =
                timed(
                    aws,
                    () -> {
                      for (String id : each) {
                        backend.stop(before, List.of(id), "the cluster is suspended");
                      }
                    });
            row(table, aws, n, "stop one call per worker (before)", -1, seconds);
          }
          backend.close();
        }
      }
    }
    System.out.println(table);
    Files.writeString(Path.of("target", "batch-calls-bench.md"), table.toString());
  }

  /** Observes until every worker has ended (at most 20 observes). */
  private static List<BackendWorker> untilEnded(BatchWorkerBackend backend, WorkerGroup group)
      throws Exception {
    List<BackendWorker> seen = backend.observe(group);
    for (int i = 0; i < 20 && seen.stream().anyMatch(w -> !w.isEnded()); i++) {
      Thread.sleep(200);
      seen = backend.observe(group);
    }
    return seen;
  }

  private static int ceil(int n, int per) {
    return (n + per - 1) / per;
  }

  private static int ended(List<BackendWorker> workers) {
    return (int) workers.stream().filter(BackendWorker::isEnded).count();
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long timed(MotoBatchWorld aws, Step step) throws Exception {
    aws.calls().reset();
    long start = System.nanoTime();
    step.run();
    return Duration.ofNanos(System.nanoTime() - start).toSeconds();
  }

  private static void row(
      StringBuilder table, MotoBatchWorld aws, int n, String name, int seen, long seconds) {
    Map<String, Integer> calls = aws.calls().snapshot();
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
    table.append(String.format(" %s | %d |%n", other, seconds));
  }

  private static WorkerGroup group(MotoBatchWorld aws, String name) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue(aws.stack().jobQueue());
    spec.getBatch().setJobDefinition(aws.stack().jobDefinition());
    return new WorkerGroup(
        new ClusterKey("research", name),
        UUID.randomUUID().toString(),
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "secret-token"));
  }
}
