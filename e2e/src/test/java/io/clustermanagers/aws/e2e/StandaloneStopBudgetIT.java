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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A standalone ECS run whose stop phase meets an AWS that hangs: between the run (the operator jar,
 * a process of its own) and moto, a {@link FaultProxy} holds every StopTask and DeleteSecret
 * without an answer for longer than the whole stop budget. The run's calls end in its stop phase's
 * own short timeouts (before, one hung StopTask could take 3 attempts of a 30 s read timeout, more
 * than the shutdown hook waits, and the run died without a word), so within the budget it says what
 * it left (the tasks, the token secret, its run id) and the command that finishes; that command, a
 * second run with {@code --stop} and no faults, stops every task, deletes the secret and exits 0,
 * launching nothing.
 */
class StandaloneStopBudgetIT {
  private static final String CLUSTER = "budget-workers";
  private static final String RUN_ID = "budget-1";
  @TempDir Path dir;

  @Test
  void aStopPhaseThatMeetsHangingCallsSaysWhatIsLeftAndTheStopCommandCleansUp() throws Exception {
    try (MotoServer moto = MotoServer.start();
        FaultProxy proxy = new FaultProxy(moto.endpoint(), 1, Duration.ofMinutes(3));
        AwsClientFactory clients = new AwsClientFactory(moto.settings())) {
      moto.keepEcsTasksRunning();
      EcsClient ecs = clients.ecs(Optional.empty());
      SecretsManagerClient secrets = clients.secretsManager(Optional.empty());
      Path file = clusterFile(moto, ecs);
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID", "testing",
              "AWS_SECRET_ACCESS_KEY", "testing",
              "ACM_STATE_DIR", dir.resolve("state").toString());
      List<String> flags =
          List.of(
              "--aws-endpoint-url",
              proxy.endpoint().toString(),
              "--aws-region",
              MotoServer.REGION,
              "--run-id",
              RUN_ID,
              "--stop-grace",
              "PT3S");
      List<String> first;
      try (StandaloneProcess run = StandaloneProcess.run(file, env, flags.toArray(String[]::new))) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(running(ecs)).hasSize(2));
        first = running(ecs);
        assertThat(secretNames(secrets)).hasSize(1);
        proxy.hang(Set.of("StopTask", "DeleteSecret"));

        run.terminate();

        await().atMost(Duration.ofSeconds(120)).until(() -> !run.process().isAlive());
        // Its exit code is the JVM's for a SIGTERM (143), whatever the run returns.
        assertThat(String.join("\n", run.output()))
            .contains("the stop phase ran out of its 33s")
            .contains("2 workers not confirmed stopped")
            .contains(first.get(0).substring(first.get(0).lastIndexOf('/') + 1))
            .contains("the token secret aws-cluster-operator/default/budget/")
            .contains("run id " + RUN_ID)
            .contains("run -f " + file + " --run-id " + RUN_ID + " --stop");
      }
      assertThat(running(ecs)).as("StopTask never got through").hasSize(2);
      assertThat(secretNames(secrets)).as("DeleteSecret never got through").hasSize(1);

      proxy.hang(Set.of());
      List<String> stopFlags = new java.util.ArrayList<>(flags);
      stopFlags.add("--stop");
      try (StandaloneProcess stop =
          StandaloneProcess.run(file, env, stopFlags.toArray(String[]::new))) {
        await().atMost(Duration.ofSeconds(120)).until(() -> !stop.process().isAlive());
        String output = String.join("\n", stop.output());
        assertThat(stop.process().exitValue()).as(output).isZero();
        assertThat(output).contains("all workers stopped").doesNotContain("Launched:");
      }
      assertThat(running(ecs)).as("tasks left running").isEmpty();
      assertThat(secretNames(secrets)).as("token secrets left").isEmpty();
    }
  }

  private Path clusterFile(MotoServer moto, EcsClient ecs) throws Exception {
    ecs.createCluster(b -> b.clusterName(CLUSTER));
    String subnet = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId").get(0);
    String group = MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").get(0);
    return Files.writeString(
        dir.resolve("budget.yaml"),
        """
        apiVersion: aws.clustermanagers.io/v1alpha1
        kind: AwsCluster
        metadata:
          name: budget
        spec:
          backend: ecs
          replicas: 2
          template:
            image: public.ecr.aws/acm/worker:test
            vcpus: 0.5
            roleArn: arn:aws:iam::123456789012:role/aws-cluster-operator/worker
          ecs:
            cluster: %s
            launchType: FARGATE
            networkConfiguration:
              subnets: [%s]
              securityGroups: [%s]
        """
            .formatted(CLUSTER, subnet, group));
  }

  private static List<String> running(EcsClient ecs) {
    return ecs
        .listTasks(b -> b.cluster(CLUSTER).desiredStatus(DesiredStatus.RUNNING))
        .taskArns()
        .stream()
        .sorted()
        .toList();
  }

  private static List<String> secretNames(SecretsManagerClient secrets) {
    return secrets.listSecrets().secretList().stream()
        .map(s -> s.name())
        .filter(n -> n.startsWith("aws-cluster-operator/"))
        .toList();
  }
}
