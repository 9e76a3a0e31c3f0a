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

/**
 * {@code run -f} with {@code backend: ecs}: tasks start, SIGTERM stops every one of them, and a run
 * started again after {@code kill -9} adopts the earlier run's tasks instead of launching more.
 */
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

  /**
   * Issue 10's incident: 10 workers, {@code kill -9}, started again: 20 tasks launched and the
   * first 10 RUNNING for ever, since each run had a random UID. Now the second run finds the first
   * run's tasks by its stable {@code startedBy}, launches none, and its SIGTERM stops all 10.
   */
  @Test
  void aRunStartedAgainAfterKill9AdoptsTheTasksAndItsStopLeavesNoneRunning() throws Exception {
    try (MotoServer moto = MotoServer.start();
        AwsClientFactory clients = new AwsClientFactory(moto.settings())) {
      moto.keepEcsTasksRunning();
      EcsClient ecs = clients.ecs(Optional.empty());
      Path file = clusterFile(moto, ecs, 10);
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID", "testing",
              "AWS_SECRET_ACCESS_KEY", "testing",
              "ACM_STATE_DIR", dir.resolve("state").toString());
      String[] flags = {
        "--aws-endpoint-url", moto.endpoint().toString(), "--aws-region", MotoServer.REGION
      };
      List<String> firstTasks;
      try (StandaloneProcess crashed = StandaloneProcess.run(file, env, flags)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(tasks(ecs, DesiredStatus.RUNNING)).hasSize(10));
        firstTasks = arns(tasks(ecs, DesiredStatus.RUNNING));

        crashed.kill();
      }
      assertThat(tasks(ecs, DesiredStatus.RUNNING)).as("kill -9 leaves them running").hasSize(10);

      try (StandaloneProcess again = StandaloneProcess.run(file, env, flags)) {
        // Its first status line counts the tasks it found; a launch would be told before it.
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> assertThat(again.output()).anyMatch(l -> l.contains("10 starting")));
        assertThat(again.output()).as("launched nothing").noneMatch(l -> l.contains("Launched:"));
        assertThat(arns(tasks(ecs, DesiredStatus.RUNNING)))
            .as("the first run's 10 tasks, not 20")
            .containsExactlyInAnyOrderElementsOf(firstTasks);

        again.terminate();

        await().atMost(Duration.ofSeconds(60)).until(() -> !again.process().isAlive());
        assertThat(again.output()).anyMatch(l -> l.contains("all workers stopped"));
        assertThat(tasks(ecs, DesiredStatus.RUNNING)).as("tasks left running").isEmpty();
        assertThat(tasks(ecs, DesiredStatus.STOPPED))
            .hasSize(10)
            .allSatisfy(t -> assertThat(t.stoppedReason()).startsWith("aws-cluster-operator:"));
      }
    }
  }

  private Path clusterFile(MotoServer moto, EcsClient ecs, int replicas) throws Exception {
    ecs.createCluster(b -> b.clusterName(CLUSTER));
    String subnet = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId").get(0);
    String group = MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").get(0);
    return Files.writeString(
        dir.resolve("ecs.yaml"),
        """
        apiVersion: aws.clustermanagers.io/v1alpha1
        kind: AwsCluster
        metadata:
          name: laptop
        spec:
          backend: ecs
          replicas: %d
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
                replicas,
                "arn:aws:iam::123456789012:role/aws-cluster-operator/worker",
                CLUSTER,
                subnet,
                group));
  }

  private static List<String> arns(List<Task> tasks) {
    return tasks.stream().map(Task::taskArn).toList();
  }

  private static List<Task> tasks(EcsClient ecs, DesiredStatus status) {
    List<String> arns = ecs.listTasks(b -> b.cluster(CLUSTER).desiredStatus(status)).taskArns();
    return arns.isEmpty()
        ? List.of()
        : ecs.describeTasks(b -> b.cluster(CLUSTER).tasks(arns)).tasks();
  }
}
