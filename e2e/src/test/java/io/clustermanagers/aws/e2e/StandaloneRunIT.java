package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: the operator jar in standalone mode, as a separate process. */
class StandaloneRunIT {
  private static final Path JAR = Path.of(System.getProperty("operator.jar"));
  @TempDir Path dir;
  private Process run;
  private final List<String> output = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    if (run != null) {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  private Process start(Path clusterFile, String... extra) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                JAR.toString(),
                "run",
                "-f",
                clusterFile.toString(),
                "--local-log-dir",
                dir.resolve("logs").toString(),
                "--stop-grace",
                "PT3S"));
    command.addAll(List.of(extra));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
              } catch (IOException | java.io.UncheckedIOException e) {
                output.add("reader stopped: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  private Path clusterFile(String yaml) throws IOException {
    return Files.writeString(dir.resolve("cluster.yaml"), yaml);
  }

  @Test
  void threeLocalWorkersRegisterAndSigtermStopsEveryOne() throws Exception {
    Path file =
        clusterFile(
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
            """);
    Path tokenFile = dir.resolve("token");
    run = start(file, "--token-file", tokenFile.toString());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(output).anyMatch(l -> l.contains("3/3 ready") && l.contains("Ready"));
              assertThat(OperatorHarness.agentsUnder(run.toHandle())).hasSize(3);
              assertThat(run.descendants().filter(ProcessHandle::isAlive))
                  .as("3 agents and their 3 workloads")
                  .hasSize(6);
            });
    assertThat(output).filteredOn(l -> l.contains(" registered from 127.0.0.1")).hasSize(3);
    assertThat(Files.readString(tokenFile)).isNotBlank();
    assertThat(String.join("\n", output)).doesNotContain(Files.readString(tokenFile));
    List<ProcessHandle> workers = run.descendants().filter(ProcessHandle::isAlive).toList();

    // SIGTERM, as a process manager would send (Process.destroy() would also close our pipes)
    run.toHandle().destroy();

    await().atMost(Duration.ofSeconds(60)).until(() -> !run.isAlive());
    assertThat(workers).noneMatch(ProcessHandle::isAlive);
    assertThat(output).anyMatch(l -> l.contains("all workers stopped"));
  }

  @Test
  void invalidFileIsRejectedWithTheFieldNamed() throws Exception {
    Path file =
        clusterFile(
            """
            apiVersion: aws.clustermanagers.io/v1alpha1
            kind: AwsCluster
            metadata:
              name: typo
            spec:
              backend: local
              replica: 3
            """);
    run = start(file);

    await().atMost(Duration.ofSeconds(60)).until(() -> !run.isAlive());
    assertThat(run.exitValue()).isEqualTo(2);
    assertThat(String.join("\n", output)).contains("replica");
  }
}
