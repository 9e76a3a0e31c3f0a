package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import io.clustermanagers.aws.api.v1alpha1.WorkerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AWS Batch multi-node parallel jobs (spec.batch.multiNode) with the operator on a real
 * kube-apiserver against moto, in the stack's multi-node queue (EC2, cluster placement group). Moto
 * emulates little of multi-node jobs: {@link MultiNodeEmulation} (in {@link BatchStateProxy})
 * emulates the nodes, their states, the node count override and ListJobs of a job's nodes; these
 * tests lose nodes and hold terminations through it. Registration is driven by {@link FakeAgents}
 * with the node ids ({@code jobId#index}) a real agent takes from AWS_BATCH_JOB_ID and
 * AWS_BATCH_JOB_NODE_INDEX.
 */
class BatchMultiNodeIT {
  private static final String NS = "research";
  private static final String PREFIX = "aws-cluster-operator:";
  private static MotoBatchWorld aws;
  private OperatorHarness harness;

  @BeforeAll
  static void startWorld() throws Exception {
    aws = MotoBatchWorld.start();
  }

  @AfterAll
  static void stopWorld() {
    aws.close();
  }

  @BeforeEach
  void startOperator() throws Exception {
    aws.calls().reset();
    aws.proxy.multiNode().holdTerminations(false);
    harness =
        new OperatorHarness(
            OperatorHarness.testConfig(EnumSet.of(BackendType.BATCH), aws.operatorSettings()));
  }

  @AfterEach
  void stopOperator() {
    try {
      aws.proxy.multiNode().releaseTerminations();
      harness.clusters().inNamespace(NS).delete();
      eventually().until(() -> harness.clusters().inNamespace(NS).list().getItems().isEmpty());
    } finally {
      harness.close();
    }
  }

  @Test
  void fourNodesAreOneSubmitJobAndFourRegisteredNodesMakeTheClusterReady() throws Exception {
    create("mpi", 4, m -> {});
    eventually().until(() -> nodes("mpi").size() == 4);
    assertThat(aws.calls().count("SubmitJob")).as("SubmitJob calls for 4 nodes").isEqualTo(1);
    MultiNodeEmulation.Job job = onlyJob("mpi");
    assertThat(job.numNodes()).isEqualTo(4);
    assertThat(job.request().path("nodeOverrides").path("numNodes").asInt())
        .as("the definition has 2 nodes: the count is overridden")
        .isEqualTo(4);
    assertThat(job.request().path("nodeOverrides").path("nodePropertyOverrides").toString())
        .contains("ACM_COORDINATOR_URL", "ACM_TOKEN_SECRET_ARN", "\"0:\"");
    assertThat(nodes("mpi"))
        .extracting(WorkerStatus::getId)
        .containsExactly(ids(job.id(), 4).toArray(String[]::new));

    try (FakeAgents agents = agents("mpi")) {
      for (String id : ids(job.id(), 4)) {
        agents.register(id);
      }
      eventually()
          .untilAsserted(
              () -> {
                assertThat(condition("mpi", "Ready").map(Condition::getStatus)).contains("True");
                assertThat(nodes("mpi"))
                    .extracting(WorkerStatus::getNode, WorkerStatus::getState)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "Ready"),
                        org.assertj.core.groups.Tuple.tuple(1, "Ready"),
                        org.assertj.core.groups.Tuple.tuple(2, "Ready"),
                        org.assertj.core.groups.Tuple.tuple(3, "Ready"));
              });
    }
    assertThat(aws.calls().count("SubmitJob")).isEqualTo(1);
    assertThat(aws.calls().count("TerminateJob")).isZero();
  }

  @Test
  void aLostNodeTerminatesTheWholeJobAndANewOneIsSubmitted() throws Exception {
    create("gang", 3, m -> {});
    eventually().until(() -> nodes("gang").size() == 3);
    MultiNodeEmulation.Job first = onlyJob("gang");
    try (FakeAgents agents = agents("gang")) {
      ids(first.id(), 3).forEach(id -> register(agents, id));
      eventually().until(() -> count("gang", AwsClusterStatus::getReadyReplicas) == 3);

      aws.proxy.multiNode().loseNode(first.id(), 2, "Essential container in task exited");

      // The replacement may be submitted in the pass that terminates the old job (once the
      // backoff since the node ended has passed), before the TerminateJob: wait for both.
      eventually()
          .untilAsserted(
              () -> {
                assertThat(jobsOf("gang")).hasSize(2);
                assertThat(aws.calls().count("TerminateJob")).isPositive();
              });
      assertThat(aws.calls().count("TerminateJob")).as("one TerminateJob for the job").isEqualTo(1);
      assertThat(aws.calls().count("SubmitJob")).isEqualTo(2);
      // The call is counted as it is sent; the emulation ends the nodes as it answers.
      eventually()
          .untilAsserted(
              () -> {
                Map<String, MultiNodeEmulation.State> states = aws.proxy.multiNode().nodes();
                for (int i : List.of(0, 1)) {
                  assertThat(states.get(first.id() + "#" + i).reason()).startsWith(PREFIX);
                }
              });
      String second = jobsOf("gang").get(1).id();
      eventually()
          .untilAsserted(
              () ->
                  assertThat(nodes("gang"))
                      .extracting(WorkerStatus::getId)
                      .containsExactly(ids(second, 3).toArray(String[]::new)));
      assertThat(harness.status(NS, "gang").getFailures().getLastFailureReason())
          .contains("node 2", "ended without being asked to");
    }
  }

  @Test
  void withContinueALostNodeLeavesTheOthersRunningAndTheClusterDegraded() throws Exception {
    create("keep", 4, m -> m.setOnNodeLoss("Continue"));
    eventually().until(() -> nodes("keep").size() == 4);
    MultiNodeEmulation.Job job = onlyJob("keep");
    try (FakeAgents agents = agents("keep")) {
      ids(job.id(), 4).forEach(id -> register(agents, id));
      eventually().until(() -> count("keep", AwsClusterStatus::getReadyReplicas) == 4);

      aws.proxy.multiNode().loseNode(job.id(), 3, "Host EC2 (instance i-0abc) terminated");

      eventually()
          .untilAsserted(
              () -> {
                Condition degraded = condition("keep", "Degraded").orElseThrow();
                assertThat(degraded.getStatus()).isEqualTo("True");
                assertThat(degraded.getReason()).isEqualTo("NodeLost");
                assertThat(degraded.getMessage()).contains("runs with 3 of its nodes (lost: 3)");
              });
      assertThat(nodes("keep")).extracting(WorkerStatus::getNode).containsExactly(0, 1, 2);
      assertThat(harness.status(NS, "keep").getPhase()).isEqualTo("Degraded");
      assertThat(aws.calls().count("TerminateJob")).isZero();
      assertThat(aws.calls().count("SubmitJob")).isEqualTo(1);
    }
  }

  @Test
  void aNewNodeCountIsOneTerminateJobAndOneSubmitJob() throws Exception {
    create("resize", 4, m -> {});
    eventually().until(() -> nodes("resize").size() == 4);
    MultiNodeEmulation.Job small = onlyJob("resize");
    // Real Batch takes a while to stop a running job: the replacement is visible meanwhile.
    aws.proxy.multiNode().holdTerminations(true);
    aws.calls().reset();

    harness.editSpec(NS, "resize", s -> s.setReplicas(8));

    eventually()
        .untilAsserted(
            () -> {
              Condition progressing = condition("resize", "Progressing").orElseThrow();
              assertThat(progressing.getReason()).isEqualTo("ReplacingGang");
              assertThat(progressing.getMessage())
                  .isEqualTo("replacing the 4-node job " + small.id() + " with an 8-node job");
              assertThat(aws.proxy.multiNode().heldTerminations()).containsOnlyKeys(small.id());
              assertThat(jobsOf("resize")).hasSize(2);
            });
    aws.proxy.multiNode().releaseTerminations();
    eventually()
        .untilAsserted(
            () -> {
              assertThat(nodes("resize")).hasSize(8);
              assertThat(condition("resize", "Progressing").orElseThrow().getReason())
                  .isNotEqualTo("ReplacingGang");
            });
    assertThat(aws.calls().count("TerminateJob")).isEqualTo(1);
    assertThat(aws.calls().count("SubmitJob")).isEqualTo(1);
    assertThat(jobsOf("resize")).extracting(MultiNodeEmulation.Job::numNodes).containsExactly(4, 8);
  }

  @Test
  void suspendAndDeleteTerminateTheJobAndWaitUntilItHasEnded() throws Exception {
    create("pause", 2, m -> {});
    eventually().until(() -> nodes("pause").size() == 2);
    MultiNodeEmulation.Job job = onlyJob("pause");
    aws.proxy.multiNode().holdTerminations(true);

    harness.editSpec(NS, "pause", s -> s.setSuspend(true));
    eventually().until(() -> aws.proxy.multiNode().heldTerminations().containsKey(job.id()));
    // The status is written after the TerminateJob call returns: wait for it, then see that it
    // stays there while Batch has not ended the job.
    eventually().until(() -> "Suspending".equals(harness.status(NS, "pause").getPhase()));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(harness.status(NS, "pause").getPhase())
        .as("not suspended while the job runs")
        .isEqualTo("Suspending");
    aws.proxy.multiNode().releaseTerminations();
    eventually().until(() -> "Suspended".equals(harness.status(NS, "pause").getPhase()));
    assertThat(aws.calls().count("TerminateJob")).isEqualTo(1);

    harness.editSpec(NS, "pause", s -> s.setSuspend(false));
    eventually().until(() -> jobsOf("pause").size() == 2);
    MultiNodeEmulation.Job resumed = jobsOf("pause").get(1);
    aws.proxy.multiNode().holdTerminations(true);
    harness.clusters().inNamespace(NS).withName("pause").delete();
    eventually().until(() -> aws.proxy.multiNode().heldTerminations().containsKey(resumed.id()));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(harness.clusters().inNamespace(NS).withName("pause").get())
        .as("kept while its job runs")
        .isNotNull();
    aws.proxy.multiNode().releaseTerminations();
    eventually().until(() -> harness.clusters().inNamespace(NS).withName("pause").get() == null);
    assertThat(aws.proxy.multiNode().nodes().entrySet())
        .filteredOn(e -> e.getKey().startsWith(resumed.id() + "#"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getValue().isTerminal()).as(e.getKey()).isTrue());
  }

  @Test
  void aRestartedOperatorAdoptsTheJobInsteadOfSubmittingAnother() {
    create("adopted", 4, m -> {});
    eventually().until(() -> nodes("adopted").size() == 4);
    assertThat(aws.calls().count("SubmitJob")).isEqualTo(1);
    harness.restartOperator(
        () -> {
          // The worst case: killed between SubmitJob and the status write.
          AwsCluster current = harness.clusters().inNamespace(NS).withName("adopted").get();
          current.setStatus(new AwsClusterStatus());
          harness.clusters().inNamespace(NS).resource(current).updateStatus();
          aws.calls().reset();
        });
    eventually()
        .untilAsserted(
            () -> {
              assertThat(nodes("adopted")).hasSize(4);
              assertThat(harness.status(NS, "adopted").getNextLaunchSequence()).isEqualTo(4);
            });
    int looked = aws.calls().count("ListJobs");
    eventually().until(() -> aws.calls().count("ListJobs") > looked + 2);
    assertThat(aws.calls().count("SubmitJob")).as("SubmitJob after the restart").isZero();
    assertThat(jobsOf("adopted")).hasSize(1);
  }

  @Test
  void aFargateQueueIsRefusedSayingMultiNodeJobsNeedEc2() {
    AwsCluster onFargate = multiNodeCluster("onfargate", 2, m -> {});
    onFargate.getSpec().getBatch().setJobQueue(aws.stack().jobQueue());
    harness.clusters().inNamespace(NS).resource(onFargate).create();
    eventually()
        .untilAsserted(
            () ->
                assertThat(condition("onfargate", "Ready"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getReason()).isEqualTo("MultiNodeNeedsEc2");
                          assertThat(c.getMessage()).contains("Fargate", "EC2");
                        }));
    assertThat(jobsOf("onfargate")).isEmpty();
  }

  private AwsCluster create(String name, int nodes, Consumer<MultiNodeSpec> multiNode) {
    return harness
        .clusters()
        .inNamespace(NS)
        .resource(multiNodeCluster(name, nodes, multiNode))
        .create();
  }

  private AwsCluster multiNodeCluster(String name, int nodes, Consumer<MultiNodeSpec> multiNode) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(nodes);
    spec.setHeartbeatTimeout("30s");
    BatchSpec batch = new BatchSpec();
    batch.setJobQueue(aws.stack().multiNodeJobQueue().orElseThrow());
    batch.setJobDefinition(aws.stack().multiNodeJobDefinition().orElseThrow());
    batch.setMultiNode(new MultiNodeSpec());
    multiNode.accept(batch.getMultiNode());
    spec.setBatch(batch);
    spec.getTemplate().setCommand(List.of("mpirun", "simulate"));
    cluster.setSpec(spec);
    return cluster;
  }

  /** The multi-node jobs the proxy saw submitted for the cluster, oldest first. */
  private List<MultiNodeEmulation.Job> jobsOf(String name) {
    Optional<String> uid =
        Optional.ofNullable(harness.clusters().inNamespace(NS).withName(name).get())
            .map(c -> c.getMetadata().getUid().replace("-", ""));
    return aws.proxy.multiNode().jobs().stream()
        .filter(j -> uid.isPresent() && j.name().startsWith("acm-" + uid.get() + "-"))
        .toList();
  }

  private MultiNodeEmulation.Job onlyJob(String name) {
    List<MultiNodeEmulation.Job> jobs = jobsOf(name);
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private static List<String> ids(String jobId, int nodes) {
    return IntStream.range(0, nodes).mapToObj(i -> jobId + "#" + i).toList();
  }

  private List<WorkerStatus> nodes(String name) {
    List<WorkerStatus> workers = harness.status(NS, name).getWorkers();
    return workers == null ? List.of() : workers;
  }

  private static void register(FakeAgents agents, String id) {
    try {
      agents.register(id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private FakeAgents agents(String name) {
    return new FakeAgents(
        harness.status(NS, name).getCoordinator().getUrl(),
        NS,
        name,
        harness.coordinatorToken(NS, name));
  }

  private int count(String name, java.util.function.Function<AwsClusterStatus, Integer> field) {
    Integer value = field.apply(harness.status(NS, name));
    return value == null ? 0 : value;
  }

  private Optional<Condition> condition(String name, String type) {
    return harness.condition(NS, name, type);
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
  }
}
