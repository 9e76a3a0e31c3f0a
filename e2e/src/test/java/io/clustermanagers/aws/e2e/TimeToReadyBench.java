package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.core.WorkerLimits;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test ({@code bench/run.sh time-to-ready} selects it with {@code -Dit.test};
 * failsafe's default includes never match it): the operator's overhead on the way to Ready, with
 * the local backend and the real agent (a JVM per worker), on the real API server with the
 * operator's default timings.
 *
 * <p>Each round measures, one after the other on the same machine: <b>agents alone</b>, {@code
 * bench.workers} agent processes started at once by this bench straight against the operator's
 * coordinator (for a cluster of 0 replicas whose token they are given), until the coordinator lists
 * them all; and <b>through the operator</b>, a cluster of {@code bench.workers} local workers from
 * its creation until its status says Ready (every worker registered). The overhead is the
 * difference: what the operator adds (noticing the resource, its token Secret, launching, the
 * status write) beyond the agents' own start. The rounds run twice: with the operator's default
 * {@code --local-starts-per-pass} (8: a big scale-up comes in steps, each woken by the previous
 * step's registrations) and with every worker started in one pass. Prints Markdown tables and
 * writes them to {@code target/time-to-ready-bench.md}.
 *
 * <p>{@code -Dbench.agent=light} runs {@code bench/light-agent.sh} (the agent's protocol in bash
 * and curl, milliseconds to start) instead of a JVM per worker, both alone and through the
 * operator: the agents' own start then no longer drowns the operator's overhead in its noise.
 * Through the operator the bench also records when the coordinator first lists every worker, which
 * splits the overhead into the part before the last registration (noticing the resource, the token
 * Secret, the launch passes) and the part after it (the status write that says Ready).
 */
class TimeToReadyBench {
  private static final String NS = "research";
  private static final int WORKERS = Integer.getInteger("bench.workers", 50);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final Duration WITHIN = Duration.ofMinutes(5);
  private static final boolean LIGHT = "light".equals(System.getProperty("bench.agent"));

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void timeToReady() throws Exception {
    StringBuilder tables = new StringBuilder();
    // The operator's default, then every worker in one pass (--local-starts-per-pass), in turn:
    // two operators at once would share the API server's clusters.
    for (int startsPerPass :
        new int[] {LocalLaunchSettings.DEFAULT_LAUNCHES_PER_PASS, Math.max(1, WORKERS)}) {
      List<long[]> rounds = new ArrayList<>();
      try (OperatorHarness harness = new OperatorHarness(benchConfig(startsPerPass))) {
        for (int round = 1; round <= ROUNDS; round++) {
          long alone = agentsAlone(harness, "alone-" + startsPerPass + "-" + round);
          long[] managed = throughTheOperator(harness, "managed-" + startsPerPass + "-" + round);
          rounds.add(new long[] {alone, managed[0], managed[1]});
          System.out.printf(
              "--local-starts-per-pass %d, round %d: agents alone %d ms, through the operator %d"
                  + " ms to every worker registered, %d ms to Ready%n",
              startsPerPass, round, alone, managed[0], managed[1]);
        }
      }
      tables.append(table(startsPerPass, rounds)).append('\n');
    }
    System.out.println(tables);
    Files.writeString(Path.of("target", "time-to-ready-bench.md"), tables.toString());
  }

  /** Milliseconds from starting the agents to the coordinator listing every one of them. */
  private long agentsAlone(OperatorHarness harness, String name) throws Exception {
    create(harness, name, 0);
    await(() -> harness.status(NS, name).getCoordinator() != null, name + " has a coordinator");
    await(() -> tokenOf(harness, name).isPresent(), name + "'s token Secret");
    String url = harness.status(NS, name).getCoordinator().getUrl();
    String token = tokenOf(harness, name).orElseThrow();
    Map<String, String> env = new HashMap<>();
    env.put("ACM_COORDINATOR_URL", url);
    env.put("ACM_CLUSTER_NAMESPACE", NS);
    env.put("ACM_CLUSTER_NAME", name);
    env.put("ACM_TOKEN", token);
    env.put("ACM_WORKER_ADDRESS", "127.0.0.1");
    // If this JVM dies without its hooks (kill -9), the agents stop themselves a minute later.
    env.put("ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS", "60");
    List<AgentProcess> agents = new ArrayList<>();
    try {
      long start = System.nanoTime();
      for (int i = 0; i < WORKERS; i++) {
        env.put("ACM_WORKER_ID", name + "-" + i);
        agents.add(AgentProcess.start(agentCommand(), env, List.of("sleep", "600")));
      }
      await(() -> registered(url, name, token) >= WORKERS, name + ": every agent registered");
      return (System.nanoTime() - start) / 1_000_000;
    } finally {
      for (AgentProcess agent : agents) {
        agent.close();
      }
      harness.clusters().inNamespace(NS).withName(name).delete();
      await(() -> harness.clusters().inNamespace(NS).withName(name).get() == null, name + " gone");
    }
  }

  /**
   * Milliseconds from creating a cluster of WORKERS local workers to the coordinator first listing
   * every one of them, and to its status saying Ready.
   */
  private long[] throughTheOperator(OperatorHarness harness, String name) throws Exception {
    long start = System.nanoTime();
    create(harness, name, WORKERS);
    long registeredAt = 0;
    long deadline = start + WITHIN.toNanos();
    while (true) {
      long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException("not within " + WITHIN + ": " + name + " Ready");
      }
      AwsClusterStatus status = harness.status(NS, name);
      if (registeredAt == 0 && status.getCoordinator() != null) {
        Optional<String> token = tokenOf(harness, name);
        if (token.isPresent()
            && registered(status.getCoordinator().getUrl(), name, token.get()) >= WORKERS) {
          registeredAt = now;
        }
      }
      if (isReady(status)) {
        // Ready implies every worker registered: a Ready seen first (between two polls) counts
        // as the registration's moment too.
        registeredAt = registeredAt == 0 ? now : registeredAt;
        long[] took = {(registeredAt - start) / 1_000_000, (now - start) / 1_000_000};
        harness.clusters().inNamespace(NS).withName(name).delete();
        await(
            () -> harness.clusters().inNamespace(NS).withName(name).get() == null, name + " gone");
        await(() -> liveAgents().isEmpty(), "every agent of " + name + " stopped");
        return took;
      }
      Thread.sleep(10);
    }
  }

  private static List<String> agentCommand() {
    return LIGHT
        ? List.of("bash", Path.of("../bench/light-agent.sh").toAbsolutePath().toString())
        : LocalLaunchSettings.agentFromThisJvm();
  }

  /** Agent processes under this JVM: the real agent's, or the light agent's bash. */
  private static List<ProcessHandle> liveAgents() {
    if (!LIGHT) {
      return OperatorHarness.liveAgents();
    }
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("light-agent.sh"))
        .toList();
  }

  private int registered(String url, String name, String token) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(url + "/v1/clusters/" + NS + "/" + name + "/workers"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return 0;
      }
      JsonNode workers = mapper.readTree(response.body()).path("workers");
      return workers.size();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static Optional<String> tokenOf(OperatorHarness harness, String name) {
    try {
      return Optional.of(harness.coordinatorToken(NS, name));
    } catch (RuntimeException notYet) {
      return Optional.empty();
    }
  }

  private static boolean isReady(AwsClusterStatus status) {
    return status.getReadyReplicas() != null
        && status.getReadyReplicas() == WORKERS
        && status.getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + WITHIN + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void create(OperatorHarness harness, String name, int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    cluster.setSpec(spec);
    harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  /**
   * The operator's defaults (ConfigOptions: timings), the local process limit raised to the
   * cluster's size as a user would with --local-max-processes, and {@code startsPerPass} as
   * --local-starts-per-pass.
   */
  private static OperatorConfig benchConfig(int startsPerPass) throws IOException {
    return new OperatorConfig(
        "127.0.0.1",
        0,
        Optional.empty(),
        EnumSet.of(BackendType.LOCAL),
        new LocalLaunchSettings(
            agentCommand(),
            Files.createTempDirectory("acm-bench-logs"),
            Duration.ofSeconds(3),
            Math.max(WORKERS, LocalLaunchSettings.DEFAULT_MAX_PROCESSES),
            startsPerPass),
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

  private static String table(int startsPerPass, List<long[]> rounds) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d local workers (%s), --local-starts-per-pass %d, %d rounds; milliseconds%n%n",
            WORKERS,
            LIGHT ? "the light agent, bench/light-agent.sh" : "the real agent, a JVM each",
            startsPerPass,
            rounds.size()));
    out.append(
        "| round | agents alone (start → all registered) | through the operator: create → all"
            + " registered | create → Ready | operator overhead (Ready − alone) | of it after the"
            + " last registration |\n");
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    long overheadSum = 0;
    for (int i = 0; i < rounds.size(); i++) {
      long[] r = rounds.get(i);
      overheadSum += r[2] - r[0];
      out.append(
          String.format(
              "| %d | %d | %d | %d | %d | %d |%n",
              i + 1, r[0], r[1], r[2], r[2] - r[0], r[2] - r[1]));
    }
    out.append(
        String.format(
            "%nMean operator overhead: %d ms over %d rounds.%n",
            overheadSum / Math.max(1, rounds.size()), rounds.size()));
    return out.toString();
  }
}
