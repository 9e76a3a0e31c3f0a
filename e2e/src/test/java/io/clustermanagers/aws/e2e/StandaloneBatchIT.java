package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ancestor's use case: a driver on a laptop asks for Batch workers with {@code run -f}; on
 * SIGTERM every job it submitted is terminated before it exits, also the jobs of an earlier run of
 * the same file that was killed. The operator jar runs as its own process against the emulator
 * (moto behind the status-holding proxy).
 */
class StandaloneBatchIT {
  @TempDir Path dir;

  @Test
  void sigtermTerminatesEverySubmittedJob() throws Exception {
    try (MotoBatchWorld batch = MotoBatchWorld.start();
        StandaloneProcess run =
            StandaloneProcess.run(
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
                        .formatted(batch.stack().jobQueue(), batch.stack().jobDefinition())),
                Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
                "--aws-endpoint-url",
                batch.proxy.endpoint().toString(),
                "--aws-region",
                MotoServer.REGION)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(run.output())
                    .anyMatch(l -> l.contains("Launched: launched 3 batch workers"));
                assertThat(batch.proxy.unfinished()).isGreaterThanOrEqualTo(3);
              });

      assertThat(tokenSecrets(batch)).as("the run's token secret").hasSize(1);

      run.terminate();

      await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
      assertThat(batch.proxy.unfinished()).as("jobs left running after the run ended").isZero();
      assertThat(batch.proxy.terminatedWith("aws-cluster-operator:"))
          .hasSizeGreaterThanOrEqualTo(3);
      assertThat(run.output()).anyMatch(l -> l.contains("all workers stopped"));
      assertThat(tokenSecrets(batch)).as("token secrets left after the run").isEmpty();
    }
  }

  /**
   * The ancestor's AWSBatchNodeManager: {@code run -f} with spec.batch.multiNode submits one
   * multi-node job (nodes emulated by {@link MultiNodeEmulation}); SIGTERM terminates it.
   */
  @Test
  void aMultiNodeRunIsOneJobTerminatedOnSigterm() throws Exception {
    try (MotoBatchWorld batch = MotoBatchWorld.start();
        StandaloneProcess run =
            StandaloneProcess.run(
                Files.writeString(
                    dir.resolve("mpi.yaml"),
                    """
                    apiVersion: aws.clustermanagers.io/v1alpha1
                    kind: AwsCluster
                    metadata:
                      name: mpi
                    spec:
                      backend: batch
                      replicas: 4
                      batch:
                        jobQueue: %s
                        jobDefinition: %s
                        multiNode:
                          onNodeLoss: ReplaceGang
                    """
                        .formatted(
                            batch.stack().multiNodeJobQueue().orElseThrow(),
                            batch.stack().multiNodeJobDefinition().orElseThrow())),
                Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
                "--aws-endpoint-url",
                batch.proxy.endpoint().toString(),
                "--aws-region",
                MotoServer.REGION)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(run.output())
                    .anyMatch(l -> l.contains("Launched: launched 4 batch workers"));
                assertThat(batch.proxy.multiNode().jobs()).hasSize(1);
                assertThat(batch.proxy.unfinished()).isEqualTo(4);
              });
      assertThat(batch.proxy.multiNode().jobs().get(0).numNodes()).isEqualTo(4);

      run.terminate();

      await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
      assertThat(batch.proxy.unfinished()).as("nodes left running after the run ended").isZero();
      assertThat(batch.proxy.terminatedWith("aws-cluster-operator:")).hasSize(4);
      assertThat(batch.proxy.multiNode().jobs()).as("submitted once").hasSize(1);
      assertThat(run.output()).anyMatch(l -> l.contains("all workers stopped"));
    }
  }

  /**
   * Issue 10's incident for Batch: a run killed with {@code kill -9} and started again used to
   * submit the workers again under a new random UID and leave the first jobs running. Now the
   * second run lists the first run's jobs by their stable name prefix, submits nothing, and its
   * SIGTERM terminates them and deletes the token secret.
   */
  @Test
  void aRunStartedAgainAfterKill9AdoptsTheJobsAndItsStopLeavesNoneRunning() throws Exception {
    try (MotoBatchWorld batch = MotoBatchWorld.start()) {
      Path file =
          Files.writeString(
              dir.resolve("batch.yaml"),
              """
              apiVersion: aws.clustermanagers.io/v1alpha1
              kind: AwsCluster
              metadata:
                name: restarted
              spec:
                backend: batch
                replicas: 3
                batch:
                  jobQueue: %s
                  jobDefinition: %s
              """
                  .formatted(batch.stack().jobQueue(), batch.stack().jobDefinition()));
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID", "testing",
              "AWS_SECRET_ACCESS_KEY", "testing",
              "ACM_STATE_DIR", dir.resolve("state").toString());
      String[] flags = {
        "--aws-endpoint-url", batch.proxy.endpoint().toString(), "--aws-region", MotoServer.REGION
      };
      try (StandaloneProcess crashed = StandaloneProcess.run(file, env, flags)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  assertThat(crashed.output())
                      .anyMatch(l -> l.contains("Launched: launched 3 batch workers"));
                  assertThat(batch.proxy.unfinished()).isEqualTo(3);
                });

        crashed.kill();
      }
      assertThat(batch.proxy.unfinished()).as("kill -9 leaves them running").isEqualTo(3);

      try (StandaloneProcess again = StandaloneProcess.run(file, env, flags)) {
        // Its first status line counts the jobs it found; a launch would be told before it.
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(again.output()).anyMatch(l -> l.contains("3 starting")));
        assertThat(again.output()).as("submitted nothing").noneMatch(l -> l.contains("Launched:"));
        assertThat(batch.proxy.unfinished()).as("3 jobs, not 6").isEqualTo(3);
        assertThat(batch.proxy.statuses()).as("every job ever submitted").hasSize(3);

        again.terminate();

        await().atMost(Duration.ofSeconds(60)).until(() -> !again.process().isAlive());
        assertThat(again.output()).anyMatch(l -> l.contains("all workers stopped"));
        assertThat(batch.proxy.unfinished()).as("jobs left running").isZero();
        assertThat(tokenSecrets(batch)).as("token secrets left after the run").isEmpty();
      }
    }
  }

  private static List<String> tokenSecrets(MotoBatchWorld batch) throws Exception {
    try (AwsClientFactory clients = new AwsClientFactory(batch.operatorSettings())) {
      return clients.secretsManager(Optional.empty()).listSecrets().secretList().stream()
          .map(s -> s.name())
          .filter(n -> n.startsWith("aws-cluster-operator/"))
          .toList();
    }
  }
}
