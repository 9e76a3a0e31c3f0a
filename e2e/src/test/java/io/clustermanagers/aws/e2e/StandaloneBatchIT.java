package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ancestor's use case: a driver on a laptop asks for Batch workers with {@code run -f}; on
 * SIGTERM every job it submitted is terminated before it exits. The operator jar runs as its own
 * process against the emulator (moto behind the status-holding proxy).
 */
class StandaloneBatchIT {
  private static final Path JAR = Path.of(System.getProperty("operator.jar"));
  @TempDir Path dir;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private BatchEmulator batch;
  private Process run;

  @AfterEach
  void stop() {
    if (run != null) {
      run.destroyForcibly();
    }
    if (batch != null) {
      batch.close();
    }
  }

  @Test
  void sigtermTerminatesEverySubmittedJob() throws Exception {
    batch = BatchEmulator.start();
    Path file =
        Files.writeString(
            dir.resolve("batch.yaml"),
            """
            apiVersion: aws.clustermanagers.io/v1alpha1
            kind: AwsCluster
            metadata:
              name: laptop
            spec:
              backend: batch
              replicas: 3
              batch:
                jobQueue: %s
                jobDefinition: %s
            """
                .formatted(BatchEmulator.QUEUE, BatchEmulator.JOB_DEFINITION));
    ProcessBuilder builder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                JAR.toString(),
                "run",
                "-f",
                file.toString(),
                "--aws-endpoint-url",
                batch.proxy.endpoint().toString(),
                "--aws-region",
                MotoServer.REGION)
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    run = builder.start();
    readOutput(run);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(output).anyMatch(l -> l.contains("Launched: launched 3 batch workers"));
              assertThat(batch.proxy.unfinished()).isGreaterThanOrEqualTo(3);
            });

    run.toHandle().destroy(); // SIGTERM

    await().atMost(Duration.ofSeconds(60)).until(() -> !run.isAlive());
    assertThat(batch.proxy.unfinished()).as("jobs left running after the run ended").isZero();
    assertThat(batch.proxy.terminatedWith("aws-cluster-operator:")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(output).anyMatch(l -> l.contains("all workers stopped"));
  }

  private void readOutput(Process process) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
              } catch (IOException | UncheckedIOException e) {
                output.add("reader stopped: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
  }
}
