package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: the operator jar in standalone mode, as a separate process. */
class StandaloneRunIT {
  private static final String RESTARTED =
      """
      apiVersion: aws.clustermanagers.io/v1alpha1
      kind: AwsCluster
      metadata:
        name: restarted
      spec:
        backend: local
        replicas: 3
        heartbeatTimeout: 6s
        template:
          command: ["sh", "-c", "exec sleep 600"]
      """;

  @TempDir Path dir;

  private StandaloneProcess start(String yaml, String... extra) throws Exception {
    List<String> flags =
        new java.util.ArrayList<>(
            List.of("--local-log-dir", dir.resolve("logs").toString(), "--stop-grace", "PT3S"));
    flags.addAll(List.of(extra));
    // The state directory by environment, which a jar without it ignores (the test then fails).
    return StandaloneProcess.run(
        Files.writeString(dir.resolve("cluster.yaml"), yaml),
        Map.of("ACM_STATE_DIR", dir.resolve("state").toString()),
        flags.toArray(String[]::new));
  }

  /** The agents of default/restarted, whoever their parent is now (the process table's view). */
  private static List<ProcessHandle> agents() {
    return ClusterProcesses.of("default", "restarted").stream()
        .filter(
            p -> ClusterProcesses.describe(p).contains("io.clustermanagers.aws.agent.AgentMain"))
        .toList();
  }

  /**
   * The incident of issue 10: a run killed with {@code kill -9} leaves its agents running; started
   * again it used to get a new random UID, launch 3 more and leave the first 3 running for ever.
   * Now the second run adopts the 3 (they register again with it: same token, same port) and its
   * SIGTERM leaves 0.
   */
  @Test
  void aRunStartedAgainAfterKill9AdoptsItsWorkersAndItsStopLeavesNone() throws Exception {
    try {
      List<Long> first;
      try (StandaloneProcess crashed = start(RESTARTED)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  assertThat(crashed.output()).anyMatch(l -> l.contains("3/3 ready"));
                  assertThat(agents()).hasSize(3);
                });
        first = agents().stream().map(ProcessHandle::pid).sorted().toList();

        crashed.kill();
      }
      assertThat(agents()).as("kill -9 leaves the agents running").hasSize(3);

      try (StandaloneProcess again = start(RESTARTED)) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(again.output()).anyMatch(l -> l.contains("3/3 ready")));
        assertThat(again.output())
            .as("the second run launched nothing")
            .noneMatch(l -> l.contains("Launched:"))
            .anyMatch(
                l -> l.contains("an earlier run of default/restarted ended without stopping"));
        assertThat(agents().stream().map(ProcessHandle::pid).sorted().toList())
            .as("exactly the first run's 3 agents, adopted")
            .isEqualTo(first);

        again.terminate();

        await().atMost(Duration.ofSeconds(60)).until(() -> !again.process().isAlive());
        assertThat(again.output()).anyMatch(l -> l.contains("all workers stopped"));
        await().atMost(Duration.ofSeconds(30)).until(() -> agents().isEmpty());
        assertThat(ClusterProcesses.of("default", "restarted"))
            .as("no process of the cluster left")
            .isEmpty();
      }
    } finally {
      ClusterProcesses.kill("default", "restarted");
    }
  }

  /**
   * The chaos suite's {@code standalone-local} failure: a SIGTERM that reaches a run started again
   * after {@code kill -9} while it is still starting (before its backend has adopted the earlier
   * run's agents) used to end the JVM with no shutdown hook yet, leaving the 3 agents for ever. The
   * SIGTERM comes right after the run said it found the earlier run's state, before its core (and,
   * before the fix, its shutdown hook) exists.
   */
  @Test
  void aSigtermWhileARunStartedAgainIsStillStartingStopsTheEarlierRunsAgents() throws Exception {
    try {
      try (StandaloneProcess crashed = start(RESTARTED)) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(agents()).hasSize(3));
        crashed.kill();
      }
      assertThat(agents()).as("kill -9 leaves the agents running").hasSize(3);

      try (StandaloneProcess again = start(RESTARTED)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(5))
            .until(
                () ->
                    again.output().stream()
                        .anyMatch(l -> l.contains("an earlier run of default/restarted ended")));
        again.terminate();

        await().atMost(Duration.ofSeconds(60)).until(() -> !again.process().isAlive());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(agents()).as("the earlier run's agents, stopped").isEmpty());
        assertThat(again.output()).anyMatch(l -> l.contains("all workers stopped"));
      }
    } finally {
      ClusterProcesses.kill("default", "restarted");
    }
  }

  @Test
  void aSecondRunOfTheSameIdentityIsRefusedWhileTheFirstRunsAndAnotherRunIdIsNot()
      throws Exception {
    String one =
        """
        apiVersion: aws.clustermanagers.io/v1alpha1
        kind: AwsCluster
        metadata:
          name: twice
        spec:
          backend: local
          replicas: 1
          template:
            command: ["sh", "-c", "exec sleep 600"]
        """;
    try (StandaloneProcess first = start(one)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(first.output()).anyMatch(l -> l.contains("1/1 ready")));

      try (StandaloneProcess second = start(one)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !second.process().isAlive());
        assertThat(second.process().exitValue()).isEqualTo(2);
        assertThat(String.join("\n", second.output()))
            .contains("another run of default/twice is running (pid " + first.process().pid())
            .contains("--run-id");
      }
      try (StandaloneProcess bad = start(one, "--run-id", "Exp_2")) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !bad.process().isAlive());
        assertThat(bad.process().exitValue()).isEqualTo(2);
        assertThat(bad.output()).anyMatch(l -> l.contains("--run-id: \"Exp_2\" is not a valid"));
      }
      try (StandaloneProcess other = start(one, "--run-id", "exp-2")) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(other.output()).anyMatch(l -> l.contains("1/1 ready")));
        assertThat(ClusterProcesses.of("default", "twice"))
            .filteredOn(p -> ClusterProcesses.describe(p).contains("AgentMain"))
            .as("one agent per run")
            .hasSize(2);
        other.terminate();
        await().atMost(Duration.ofSeconds(60)).until(() -> !other.process().isAlive());
      }
      assertThat(first.process().isAlive()).as("the first run goes on").isTrue();
      first.terminate();
      await().atMost(Duration.ofSeconds(60)).until(() -> !first.process().isAlive());
    } finally {
      ClusterProcesses.kill("default", "twice");
    }
  }

  @Test
  void threeLocalWorkersRegisterAndSigtermStopsEveryOne() throws Exception {
    Path tokenFile = dir.resolve("token");
    try (StandaloneProcess run =
        start(
            """
            apiVersion: aws.clustermanagers.io/v1alpha1
            kind: AwsCluster
            metadata:
              name: standalone
            spec:
              backend: local
              replicas: 3
              template:
                command: ["sh", "-c", "exec sleep 600"]
            """,
            "--token-file",
            tokenFile.toString())) {
      ProcessHandle handle = run.process().toHandle();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(run.output())
                    .anyMatch(l -> l.contains("3/3 ready") && l.contains("Ready"));
                assertThat(OperatorHarness.agentsUnder(handle)).hasSize(3);
                assertThat(run.descendants()).as("3 agents and their 3 workloads").hasSize(6);
              });
      assertThat(run.output()).filteredOn(l -> l.contains(" registered from 127.0.0.1")).hasSize(3);
      String token = Files.readString(tokenFile);
      assertThat(token).isNotBlank();
      assertThat(String.join("\n", run.output())).doesNotContain(token);
      List<ProcessHandle> workers = run.descendants();

      run.terminate();

      await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
      assertThat(workers).noneMatch(ProcessHandle::isAlive);
      assertThat(run.output()).anyMatch(l -> l.contains("all workers stopped"));
    }
  }

  @Test
  void invalidFileIsRejectedWithTheFieldNamed() throws Exception {
    try (StandaloneProcess run =
        start(
            """
            apiVersion: aws.clustermanagers.io/v1alpha1
            kind: AwsCluster
            metadata:
              name: typo
            spec:
              backend: local
              replica: 3
            """)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
      assertThat(run.process().exitValue()).isEqualTo(2);
      assertThat(String.join("\n", run.output())).contains("replica");
    }
  }
}
