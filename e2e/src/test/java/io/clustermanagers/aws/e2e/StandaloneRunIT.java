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
  @TempDir Path dir;

  private StandaloneProcess start(String yaml, String... extra) throws Exception {
    List<String> flags =
        new java.util.ArrayList<>(
            List.of("--local-log-dir", dir.resolve("logs").toString(), "--stop-grace", "PT3S"));
    flags.addAll(List.of(extra));
    return StandaloneProcess.run(
        Files.writeString(dir.resolve("cluster.yaml"), yaml),
        Map.of(),
        flags.toArray(String[]::new));
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
