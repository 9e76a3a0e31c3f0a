package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.core.WorkerLimits;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (it asserts nothing about the figures; {@code bench/run.sh status-writes}
 * selects it with {@code -Dit.test}, failsafe's default includes never match it): the operator in
 * process against the real API server with the operator's default timings (progress poll 5 s,
 * resync 60 s), {@code bench.clusters} local AwsClusters of {@code bench.workers} workers each
 * (light agents, {@code bench/light-agent.sh}, unless {@code -Dbench.agent=java}). Once every
 * cluster is Ready it counts, from the server's audit log, the operator's writes for {@code
 * bench.restSeconds}: status writes per minute at rest (target 0), and every other write by
 * resource. Prints a Markdown table and writes it to {@code target/status-writes-bench.md}.
 */
class StatusWritesBench {
  private static final String NS = "research";
  private static final String OPERATOR =
      "system:serviceaccount:"
          + TestKube.OPERATOR_NAMESPACE
          + ":"
          + TestKube.OPERATOR_SERVICE_ACCOUNT;
  private static final int CLUSTERS = Integer.getInteger("bench.clusters", 100);
  private static final int WORKERS = Integer.getInteger("bench.workers", 2);
  private static final Duration REST = Duration.ofSeconds(Long.getLong("bench.restSeconds", 180));
  private static final Duration READY_WITHIN = Duration.ofMinutes(10);

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void statusWritesAtRest() throws Exception {
    try (OperatorHarness harness = new OperatorHarness(benchConfig())) {
      Path audit = harness.server().auditLog();
      long created = Files.size(audit);
      Instant start = Instant.now();
      for (int i = 0; i < CLUSTERS; i++) {
        create(harness, name(i));
      }
      awaitAllReady(harness);
      Duration toReady = Duration.between(start, Instant.now());
      long restFrom = Files.size(audit);
      Thread.sleep(REST.toMillis());
      long restTo = Files.size(audit);
      String table =
          table(toReady, writes(audit, created, restFrom), writes(audit, restFrom, restTo));
      System.out.println(table);
      Files.writeString(Path.of("target", "status-writes-bench.md"), table);
    }
  }

  private static OperatorConfig benchConfig() throws IOException {
    List<String> agent =
        "java".equals(System.getProperty("bench.agent"))
            ? LocalLaunchSettings.agentFromThisJvm()
            : List.of("bash", Path.of("../bench/light-agent.sh").toAbsolutePath().toString());
    return new OperatorConfig(
        "127.0.0.1",
        0,
        Optional.empty(),
        EnumSet.of(BackendType.LOCAL),
        // Every cluster's workers, light shell agents: above the default local process limit.
        new LocalLaunchSettings(
            agent,
            Files.createTempDirectory("acm-bench-logs"),
            Duration.ofSeconds(3),
            CLUSTERS * WORKERS,
            LocalLaunchSettings.DEFAULT_LAUNCHES_PER_PASS),
        AwsSettings.FROM_ENVIRONMENT,
        new PlannerPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 3, Duration.ofMinutes(10)),
        WorkerLimits.DEFAULT,
        new ReconcileTiming(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5)),
        50,
        8,
        Set.of(),
        0,
        Optional.of(OperatorHarness.LEASE_NAMESPACE),
        Optional.empty());
  }

  private static String name(int i) {
    return String.format("bench-%03d", i);
  }

  private static void create(OperatorHarness harness, String name) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(WORKERS);
    cluster.setSpec(spec);
    harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  private static void awaitAllReady(OperatorHarness harness) throws InterruptedException {
    Instant deadline = Instant.now().plus(READY_WITHIN);
    while (true) {
      long ready =
          harness.clusters().inNamespace(NS).list().getItems().stream()
              .map(AwsCluster::getStatus)
              .filter(s -> s != null && isReady(s))
              .count();
      if (ready == CLUSTERS) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            ready + " of " + CLUSTERS + " clusters Ready after " + READY_WITHIN);
      }
      Thread.sleep(1_000);
    }
  }

  private static boolean isReady(AwsClusterStatus status) {
    return status.getReadyReplicas() != null
        && status.getReadyReplicas() == WORKERS
        && status.getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The operator's writes between two offsets of the audit log, by "verb resource[/sub]". */
  private Map<String, Integer> writes(Path audit, long from, long to) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (String line : lines(audit, from, to)) {
      JsonNode event = mapper.readTree(line);
      String verb = event.path("verb").asText();
      if (!OPERATOR.equals(event.path("user").path("username").asText())
          || !Set.of("create", "update", "patch", "delete").contains(verb)) {
        continue;
      }
      JsonNode ref = event.path("objectRef");
      String resource =
          ref.path("resource").asText()
              + (ref.hasNonNull("subresource") ? "/" + ref.path("subresource").asText() : "");
      counts.merge(verb + " " + resource, 1, Integer::sum);
    }
    return counts;
  }

  private static List<String> lines(Path file, long from, long to) throws IOException {
    byte[] bytes = new byte[(int) (to - from)];
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(from);
      in.readFully(bytes);
    }
    List<String> lines = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String table(
      Duration toReady, Map<String, Integer> startUp, Map<String, Integer> atRest) {
    double restMinutes = REST.toMillis() / 60_000.0;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d clusters x %d local workers (%s agents); all Ready after %d s; at rest for %d s%n%n",
            CLUSTERS,
            WORKERS,
            "java".equals(System.getProperty("bench.agent")) ? "java" : "light",
            toReady.toSeconds(),
            REST.toSeconds()));
    out.append("| operator write | start-up (create → all Ready) | at rest, per minute |\n");
    out.append("| --- | ---: | ---: |\n");
    Map<String, Integer> all = new TreeMap<>(startUp);
    atRest.keySet().forEach(k -> all.putIfAbsent(k, 0));
    all.putIfAbsent("update awsclusters/status", 0);
    for (String write : all.keySet()) {
      out.append(
          String.format(
              "| %s | %d | %.1f |%n",
              write, startUp.getOrDefault(write, 0), atRest.getOrDefault(write, 0) / restMinutes));
    }
    return out.toString();
  }
}
