package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec that asks a laptop for 200 local workers: the run keeps to --local-max-processes (the
 * process table is sampled all along) and says so, replaces a killed worker within the limit, and
 * SIGTERM leaves no agent alive. The test bounds itself: should the run ever exceed the limit, the
 * sampler kills it and everything it started at once.
 */
class StandaloneLimitsIT {
  private static final int LIMIT = 4;
  @TempDir Path dir;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger mostAgents = new AtomicInteger();
  private final Set<ProcessHandle> agentsSeen = ConcurrentHashMap.newKeySet();
  private final String name = "bounded-" + UUID.randomUUID().toString().substring(0, 8);
  private StandaloneProcess run;

  /** Waits that give up at once, naming the count, once the run has exceeded the limit. */
  private org.awaitility.core.ConditionFactory eventually(Duration atMost) {
    return await()
        .atMost(atMost)
        .failFast(
            "more agents alive at once than --local-max-processes " + LIMIT,
            () -> mostAgents.get() > LIMIT);
  }

  @AfterEach
  void killEverything() {
    sampler.shutdownNow();
    if (run != null) {
      run.close();
      System.out.println("--- standalone output ---\n" + String.join("\n", run.output()));
    }
    agentsSeen.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void twoHundredReplicasNeverRunMoreThanTheLimitAndSigtermLeavesNone() throws Exception {
    run =
        StandaloneProcess.run(
            Files.writeString(
                dir.resolve("cluster.yaml"),
                """
                apiVersion: aws.clustermanagers.io/v1alpha1
                kind: AwsCluster
                metadata:
                  name: %s
                spec:
                  backend: local
                  replicas: 200
                  template:
                    command: ["sh", "-c", "exec sleep 600"]
                """
                    .formatted(name)),
            Map.of(),
            "--local-log-dir",
            dir.resolve("logs").toString(),
            "--stop-grace",
            "PT3S",
            "--local-max-processes",
            Integer.toString(LIMIT),
            "--backoff-base",
            "PT0.2S",
            "--resync",
            "PT1S");
    ProcessHandle root = run.process().toHandle();
    sampler.scheduleWithFixedDelay(() -> sample(root), 0, 50, TimeUnit.MILLISECONDS);

    eventually(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              assertThat(run.output()).anyMatch(l -> l.contains(LIMIT + "/200 ready"));
              assertThat(run.output())
                  .anyMatch(
                      l ->
                          l.contains("WorkerLimitExceeded")
                              && l.contains("at most " + LIMIT + " worker processes")
                              && l.contains("--local-max-processes"));
            });
    assertThat(run.output()).anyMatch(l -> l.endsWith("- WorkerLimitExceeded"));

    // A worker that dies (agent and workload) is replaced, still within the limit.
    ProcessHandle victim = OperatorHarness.agentsUnder(root).get(0);
    victim.descendants().forEach(ProcessHandle::destroyForcibly);
    victim.destroyForcibly();
    eventually(Duration.ofSeconds(90)).until(() -> registrations() == LIMIT + 1);
    eventually(Duration.ofSeconds(30))
        .until(() -> OperatorHarness.agentsUnder(root).size() == LIMIT);

    run.terminate();

    await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
    sampler.shutdownNow();
    assertThat(mostAgents.get()).as("agents alive at once, at most").isBetween(1, LIMIT);
    assertThat(agentsSeen).as("every agent the run started").hasSize(LIMIT + 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> agentsSeen.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(processesOfThisClusterAnywhere())
        .as("agents or workloads left on the machine")
        .isEmpty();
    assertThat(run.output()).anyMatch(l -> l.contains("all workers stopped"));
    assertThat(run.process().exitValue()).as("ended by its SIGTERM").isEqualTo(128 + 15);
  }

  private void sample(ProcessHandle root) {
    List<ProcessHandle> agents = OperatorHarness.agentsUnder(root);
    agentsSeen.addAll(agents);
    mostAgents.accumulateAndGet(agents.size(), Math::max);
    if (agents.size() > LIMIT) {
      haltEverything(root);
    }
  }

  /**
   * A regression: stop it before it takes the machine down. The run is frozen first (SIGSTOP), so
   * that it starts nothing more and nothing it started is re-parented before it is killed.
   */
  private static void haltEverything(ProcessHandle root) {
    try {
      new ProcessBuilder("kill", "-STOP", Long.toString(root.pid())).start().waitFor();
    } catch (IOException e) {
      // kill it anyway below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
  }

  private long registrations() {
    return run.output().stream().filter(l -> l.contains(" registered from 127.0.0.1")).count();
  }

  /**
   * Live processes anywhere whose environment names this test's cluster: agents and their
   * workloads, re-parented ones too.
   */
  private List<Long> processesOfThisClusterAnywhere() {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .filter(p -> environment(p).contains("ACM_CLUSTER_NAME=" + name + "\0"))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String environment(Path proc) {
    try {
      return Files.readString(
          proc.resolve("environ"), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
