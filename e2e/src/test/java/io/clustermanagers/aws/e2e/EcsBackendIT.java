package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

/** The ECS backend against moto: workers as Fargate tasks, the operator in-process. */
class EcsBackendIT {
  private static final String NS = "research";
  private static final String ECS_CLUSTER = "workers";
  private static final String SINK_CLUSTER = "sink";
  private static final EcsCallLog calls = new EcsCallLog();
  private static final RunTaskFaults faults = new RunTaskFaults();
  private static MotoServer moto;
  private static AnswerDroppingProxy network;
  private static OperatorHarness harness;
  private static AwsClientFactory testClients;
  private static EcsClient ecs;
  private static List<String> subnets;
  private static List<String> securityGroups;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    moto.keepEcsTasksRunning();
    testClients = new AwsClientFactory(moto.settings());
    ecs = testClients.ecs(Optional.empty());
    ecs.createCluster(b -> b.clusterName(ECS_CLUSTER));
    ecs.createCluster(b -> b.clusterName(SINK_CLUSTER));
    subnets = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId");
    securityGroups = MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").subList(0, 1);
    network = new AnswerDroppingProxy(moto.endpoint());
    harness =
        new OperatorHarness(
            OperatorHarness.testConfig(
                EnumSet.of(BackendType.ECS),
                MotoServer.settings(network.endpoint(), faults, calls)));
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (testClients != null) {
      testClients.close();
    }
    if (network != null) {
      network.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void resetCounters() {
    calls.reset();
    faults.clear();
    network.clear();
  }

  @AfterEach
  void deleteClusters() {
    faults.clear();
    harness.clusters().inNamespace(NS).delete();
    eventually().until(() -> harness.clusters().inNamespace(NS).list().getItems().isEmpty());
  }

  @Test
  void scalesUpInCallsOfTenThenStopsNeverRegisteredWorkersFirst() throws Exception {
    AwsCluster cluster = create("sim", 25);
    eventually().until(() -> running().size() == 25 && status("sim").getReplicas() == 25);

    assertThat(calls.count("RunTask")).as("25 workers in calls of at most 10").isEqualTo(3);
    assertThat(calls.runTaskCounts()).containsExactly(10, 10, 5);
    assertThat(calls.runTaskTokens()).doesNotHaveDuplicates().allMatch(t -> t.length() <= 64);
    String startedBy = "acm-" + cluster.getMetadata().getUid().replace("-", "");
    List<Task> tasks = describe(running());
    assertThat(tasks)
        .hasSize(25)
        .allSatisfy(
            t -> {
              assertThat(t.startedBy()).isEqualTo(startedBy).hasSizeLessThanOrEqualTo(36);
              assertThat(tags(t))
                  .containsEntry("acm/cluster-uid", cluster.getMetadata().getUid())
                  .containsEntry("acm/namespace", NS)
                  .containsEntry("acm/name", "sim")
                  .containsEntry("team", "research")
                  .containsKey("acm/seq");
            });
    assertThat(tasks.stream().map(t -> tags(t).get("acm/seq")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("0", "10", "20");

    Map<String, Integer> before = calls.snapshot();
    eventually().until(() -> calls.count("ListTasks") >= before.getOrDefault("ListTasks", 0) + 6);
    Map<String, Integer> steady = calls.snapshot();
    int observes = (steady.getOrDefault("ListTasks", 0) - before.getOrDefault("ListTasks", 0)) / 2;
    assertThat(steady.getOrDefault("DescribeTasks", 0) - before.getOrDefault("DescribeTasks", 0))
        .as("one DescribeTasks per observe of 25 tasks, no per-worker calls")
        .isBetween(observes - 1, observes + 1);
    assertThat(steady.getOrDefault("RunTask", 0)).isEqualTo(3);
    assertThat(steady.getOrDefault("StopTask", 0)).isZero();

    String token = token("sim");
    List<String> ids = running().stream().map(EcsBackendIT::taskId).sorted().toList();
    Set<String> registered = new HashSet<>(ids.subList(0, 10));
    try (FakeAgents agents =
        new FakeAgents(status("sim").getCoordinator().getUrl(), NS, "sim", token)) {
      for (String id : registered) {
        agents.register(id);
      }
      eventually().until(() -> status("sim").getReadyReplicas() == 10);

      scale("sim", 10);

      eventually()
          .untilAsserted(
              () -> {
                AwsClusterStatus status = status("sim");
                assertThat(status.getReplicas()).isEqualTo(10);
                assertThat(status.getReadyReplicas()).isEqualTo(10);
              });
      assertThat(calls.count("StopTask")).isEqualTo(15);
      Set<String> neverRegistered = new HashSet<>(ids);
      neverRegistered.removeAll(registered);
      assertThat(calls.stoppedTasks()).containsExactlyInAnyOrderElementsOf(neverRegistered);
      assertThat(running().stream().map(EcsBackendIT::taskId))
          .containsExactlyInAnyOrderElementsOf(registered);
      assertThat(describe(calls.stoppedTasks()))
          .hasSize(15)
          .allSatisfy(t -> assertThat(t.stoppedReason()).startsWith("aws-cluster-operator: "));
      assertThat(calls.count("RunTask")).as("nothing replaced the stopped workers").isEqualTo(3);
    }
  }

  @Test
  void refusedTasksAreReportedAndLaunchedAgain() {
    faults.partial(1, 3);
    faults.refuseAll(SINK_CLUSTER);
    create("spot", 5);

    eventually()
        .untilAsserted(
            () -> {
              Condition degraded = condition("spot", "Degraded");
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("TasksNotLaunched");
              assertThat(degraded.getMessage())
                  .contains("RESOURCE:FARGATE")
                  .contains("Capacity is unavailable");
            });
    assertThat(events("spot"))
        .anyMatch(
            e ->
                "TasksNotLaunched".equals(e.getReason())
                    && e.getMessage().contains("launched 2 of 5 tasks")
                    && e.getMessage().contains("3 × RESOURCE:FARGATE"));
    assertThat(running()).as("what did launch is kept").hasSize(2);

    faults.clear();

    eventually()
        .untilAsserted(
            () -> {
              assertThat(running()).hasSize(5);
              assertThat(status("spot").getReplicas()).isEqualTo(5);
              assertThat(condition("spot", "Degraded").getStatus()).isEqualTo("False");
            });
  }

  @Test
  void restartDuringScaleUpAdoptsTasksInsteadOfLaunchingAgain() throws Exception {
    faults.loseAnswerOfCall(2);
    create("restart", 25);
    assertThat(faults.answerLost().await(60, TimeUnit.SECONDS)).isTrue();

    harness.restartOperator();

    eventually().until(() -> status("restart").getReplicas() == 25 && running().size() == 25);
    List<Task> tasks = describe(running());
    assertThat(tasks.stream().map(Task::taskArn)).doesNotHaveDuplicates();
    assertThat(tasks)
        .as("the tasks of the lost answer were adopted, not launched again")
        .hasSize(25);
    assertThat(calls.count("RunTask"))
        .as("10 + 10 (answer lost, tasks adopted) + 5 for the sequences never sent")
        .isEqualTo(3);
    assertThat(status("restart").getNextLaunchSequence())
        .as("20-24 were reserved by the interrupted launch and are never reused")
        .isEqualTo(30L);
  }

  /**
   * Moto applies the RunTask, the proxy loses its answer; the SDK sends the call again with the
   * same {@code clientToken} and, as ECS does, gets the first call's tasks back (emulated by the
   * proxy: moto 5.2 ignores the token and would launch ten more tasks): exactly one set of tasks
   * per launch, known at once instead of after the launch grace.
   */
  @Test
  void aLostRunTaskAnswerLaunchesNoSecondSetOfTasks() {
    network.dropAnswers("RunTask", 1);
    AwsCluster cluster = create("lost", 15);

    eventually()
        .until(
            () ->
                Integer.valueOf(15).equals(status("lost").getReplicas()) && running().size() == 15);

    assertThat(network.dropped()).isEqualTo(1);
    String startedBy = "acm-" + cluster.getMetadata().getUid().replace("-", "");
    List<Task> launched = describe(everyTaskStartedBy(startedBy));
    assertThat(launched.stream().filter(t -> "acm-seq:0".equals(t.group())))
        .as("the tasks of the call whose answer was lost, launched once")
        .hasSize(10);
    assertThat(launched).as("every task ever launched for the cluster").hasSize(15);
    assertThat(network.arrived("RunTask"))
        .as("10 (answer lost), the same call again (answered by its token), then 5")
        .isEqualTo(3);
  }

  @Test
  void deleteStopsEveryTaskBeforeTheResourceGoes() {
    create("doomed", 4);
    eventually().until(() -> running().size() == 4);
    List<String> launched = running();

    harness.clusters().inNamespace(NS).withName("doomed").delete();

    eventually().until(() -> harness.clusters().inNamespace(NS).withName("doomed").get() == null);
    assertThat(running()).isEmpty();
    assertThat(describe(launched))
        .hasSize(4)
        .allSatisfy(
            t -> {
              assertThat(t.lastStatus()).isEqualTo("STOPPED");
              assertThat(t.stoppedReason()).contains("the AwsCluster was deleted");
            });
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250));
  }

  private static AwsCluster create(String name, int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("ecs");
    spec.setReplicas(replicas);
    spec.setHeartbeatTimeout("10s");
    spec.setRegistrationTimeout("10m");
    spec.getTemplate().setImage("public.ecr.aws/acm/worker:test");
    spec.getTemplate().setVcpus(0.5);
    spec.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    EcsSpec ecsSpec = new EcsSpec();
    ecsSpec.setCluster(ECS_CLUSTER);
    ecsSpec.setLaunchType("FARGATE");
    ecsSpec.setTags(Map.of("team", "research"));
    EcsNetworkConfiguration network = new EcsNetworkConfiguration();
    network.setSubnets(subnets);
    network.setSecurityGroups(securityGroups);
    ecsSpec.setNetworkConfiguration(network);
    spec.setEcs(ecsSpec);
    cluster.setSpec(spec);
    return harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  private static void scale(String name, int replicas) {
    harness.editSpec(NS, name, spec -> spec.setReplicas(replicas));
  }

  private static AwsClusterStatus status(String name) {
    return harness.status(NS, name);
  }

  private static Condition condition(String name, String type) {
    return harness.condition(NS, name, type).orElse(new Condition());
  }

  private static List<Event> events(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static String token(String name) {
    return harness.coordinatorToken(NS, name);
  }

  /** Task ARNs of the test cluster that ECS keeps running. */
  private static List<String> running() {
    return ecs
        .listTasksPaginator(b -> b.cluster(ECS_CLUSTER).desiredStatus(DesiredStatus.RUNNING))
        .taskArns()
        .stream()
        .toList();
  }

  private static List<String> everyTaskStartedBy(String startedBy) {
    List<String> arns = new java.util.ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      ecs.listTasksPaginator(b -> b.cluster(ECS_CLUSTER).startedBy(startedBy).desiredStatus(status))
          .taskArns()
          .forEach(arns::add);
    }
    return arns;
  }

  private static List<Task> describe(List<String> arns) {
    if (arns.isEmpty()) {
      return List.of();
    }
    return ecs.describeTasks(b -> b.cluster(ECS_CLUSTER).tasks(arns).include(TaskField.TAGS))
        .tasks();
  }

  private static Map<String, String> tags(Task task) {
    return task.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static String taskId(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
