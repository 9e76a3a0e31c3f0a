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
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/** {@code run -f} with {@code backend: ecs}: tasks start, and SIGTERM stops every one of them. */
class StandaloneEcsIT {
  private static final String CLUSTER = "laptop-workers";
  @TempDir Path dir;

  @Test
  void sigtermStopsEveryTaskItStarted() throws Exception {
    try (MotoServer moto = MotoServer.start();
        AwsClientFactory clients = new AwsClientFactory(moto.settings())) {
      moto.keepEcsTasksRunning();
      EcsClient ecs = clients.ecs(Optional.empty());
      ecs.createCluster(b -> b.clusterName(CLUSTER));
      String subnet = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId").get(0);
      String group = MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").get(0);
      Path file =
          Files.writeString(
              dir.resolve("ecs.yaml"),
              """
              apiVersion: aws.clustermanagers.io/v1alpha1
              kind: AwsCluster
              metadata:
                name: laptop
              spec:
                backend: ecs
                replicas: 3
                template:
                  image: public.ecr.aws/acm/worker:test
                  vcpus: 0.5
                  roleArn: %s
                ecs:
                  cluster: %s
                  launchType: FARGATE
                  networkConfiguration:
                    subnets: [%s]
                    securityGroups: [%s]
              """
                  .formatted(
                      "arn:aws:iam::123456789012:role/aws-cluster-operator/worker",
                      CLUSTER,
                      subnet,
                      group));
      try (StandaloneProcess run =
          StandaloneProcess.run(
              file,
              Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
              "--aws-endpoint-url",
              moto.endpoint().toString(),
              "--aws-region",
              MotoServer.REGION)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(tasks(ecs, DesiredStatus.RUNNING)).hasSize(3));

        run.terminate();

        await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
        assertThat(tasks(ecs, DesiredStatus.RUNNING)).as("tasks left running").isEmpty();
        assertThat(tasks(ecs, DesiredStatus.STOPPED))
            .hasSize(3)
            .allSatisfy(t -> assertThat(t.stoppedReason()).startsWith("aws-cluster-operator:"));
        assertThat(run.output()).anyMatch(l -> l.contains("all workers stopped"));
      }
    }
  }

  private static List<Task> tasks(EcsClient ecs, DesiredStatus status) {
    List<String> arns = ecs.listTasks(b -> b.cluster(CLUSTER).desiredStatus(status)).taskArns();
    return arns.isEmpty()
        ? List.of()
        : ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(arns)).tasks();
  }
}
