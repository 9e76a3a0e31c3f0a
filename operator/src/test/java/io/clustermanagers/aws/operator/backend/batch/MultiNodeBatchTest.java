package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.GangNode;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.backend.batch.NodeMapping.JobShape;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/** The pure parts of multi-node jobs: the request, the node mapping, the checks. */
class MultiNodeBatchTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final JobShape FOUR = new JobShape(4, 0);

  private static BatchJob job(String id, String status, String reason, Optional<Instant> started) {
    return new BatchJob(
        id,
        "acm-x-8",
        status,
        reason,
        Optional.empty(),
        T0,
        started,
        status.equals("FAILED") ? Optional.of(T0.plusSeconds(90)) : Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  private static WorkerGroup group(Integer mainNode) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(4);
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue("mnp");
    spec.getBatch().setJobDefinition("mnp-worker");
    spec.getBatch().setMultiNode(new MultiNodeSpec());
    spec.getBatch().getMultiNode().setMainNode(mainNode);
    spec.getTemplate().setCommand(java.util.List.of("mpirun", "sim"));
    return new WorkerGroup(
        new ClusterKey("research", "mpi"),
        "0f0e0d0c-0b0a-0908-0706-050403020100",
        spec,
        new CoordinatorAccess("http://10.0.0.2:8081", "t"));
  }

  @Test
  void oneSubmitJobCarriesTheNodeCountAndTheAgentsEnvironmentForEveryNode() {
    SubmitJobRequest request =
        JobSubmissions.multiNodeRequest(
            group(null),
            "mnp",
            "mnp-worker",
            new NodeLayout(2, 0, Optional.of(0)),
            Map.of("ACM_TOKEN_SECRET_ARN", "arn:secret"),
            8,
            4);
    assertThat(request.jobName()).isEqualTo("acm-0f0e0d0c0b0a09080706050403020100-8");
    assertThat(request.arrayProperties()).isNull();
    assertThat(request.containerOverrides()).isNull();
    assertThat(request.nodeOverrides().numNodes()).isEqualTo(4);
    assertThat(request.nodeOverrides().nodePropertyOverrides())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.targetNodes()).isEqualTo("0:");
              assertThat(o.containerOverrides().command()).containsExactly("mpirun", "sim");
              assertThat(o.containerOverrides().environment())
                  .extracting(p -> p.name())
                  .contains("ACM_COORDINATOR_URL", "ACM_CLUSTER_NAME", "ACM_TOKEN_SECRET_ARN");
            });
    SubmitJobRequest sameCount =
        JobSubmissions.multiNodeRequest(
            group(null),
            "mnp",
            "mnp-worker",
            new NodeLayout(4, 0, Optional.empty()),
            Map.of(),
            0,
            4);
    assertThat(sameCount.nodeOverrides().numNodes())
        .as("not said when the definition has it: a fixed range allows no override")
        .isNull();
  }

  @Test
  void aWaitingJobIsEachOfItsNodesWithBatchsReason() {
    BatchJob waiting =
        job("j", "RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", Optional.empty());
    BackendWorker node = NodeMapping.node(waiting, Optional.empty(), 2, FOUR, 8, false);
    assertThat(node.id()).isEqualTo("j#2");
    assertThat(node.launchSequence()).isEqualTo(10);
    assertThat(node.phase()).isEqualTo(WorkerPhase.PENDING);
    assertThat(node.startedAt()).isEmpty();
    assertThat(node.reason()).contains("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY");
    assertThat(node.gang()).contains(new GangNode("j", 4, 2, false));
  }

  @Test
  void aRunningJobsNodesAreAsListedAndAnUnlistedOneCountsAsStartedWithTheJob() {
    BatchJob running = job("j", "RUNNING", "", Optional.of(T0.plusSeconds(60)));
    BatchJob main = job("j#0", "RUNNING", "", Optional.of(T0.plusSeconds(60)));
    BatchJob lost = job("j#1", "FAILED", "Essential container in task exited", Optional.of(T0));
    assertThat(NodeMapping.node(running, Optional.of(main), 0, FOUR, 0, false).gang())
        .hasValueSatisfying(g -> assertThat(g.main()).isTrue());
    BackendWorker failed = NodeMapping.node(running, Optional.of(lost), 1, FOUR, 0, false);
    assertThat(failed.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(failed.endedAt()).contains(T0.plusSeconds(90));
    assertThat(failed.stopRequested()).isFalse();
    BackendWorker unlisted = NodeMapping.node(running, Optional.empty(), 3, FOUR, 0, false);
    assertThat(unlisted.phase()).isEqualTo(WorkerPhase.PENDING);
    assertThat(unlisted.startedAt())
        .as("the registration deadline runs")
        .contains(T0.plusSeconds(60));
  }

  @Test
  void anEndedJobEndsEveryNodeAndOneTheOperatorTerminatedWasAskedToStop() {
    BatchJob terminated =
        job("j", "FAILED", "aws-cluster-operator: replacing", Optional.of(T0.plusSeconds(60)));
    BatchJob stillRunning = job("j#3", "RUNNING", "", Optional.of(T0.plusSeconds(60)));
    BackendWorker node = NodeMapping.node(terminated, Optional.of(stillRunning), 3, FOUR, 0, false);
    assertThat(node.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(node.isEnded()).isTrue();
    assertThat(node.stopRequested()).isTrue();
  }

  @Test
  void aDefinitionAllowsACountItHasOrOneItsOpenRangeCanTake() {
    assertThat(new NodeLayout(4, 0, Optional.empty()).allows(4)).isTrue();
    assertThat(new NodeLayout(4, 0, Optional.empty()).allows(8)).isFalse();
    assertThat(new NodeLayout(2, 0, Optional.of(0)).allows(8)).isTrue();
    assertThat(new NodeLayout(2, 0, Optional.of(1)).allows(1)).isFalse();
    assertThat(new NodeLayout(4, 3, Optional.of(0)).allows(3)).as("main node 3").isFalse();
  }

  @Test
  void aFargateQueueIsRefusedSayingMultiNodeJobsNeedEc2() {
    JobQueueInfo fargate =
        new JobQueueInfo("q", "ENABLED", Map.of("f", Optional.of(256)), Map.of("f", "FARGATE"));
    BackendException refused =
        CapacityCheck.multiNodeFits("q", 4, Optional.of(1.0), fargate).orElseThrow();
    assertThat(refused.reason()).isEqualTo("MultiNodeNeedsEc2");
    assertThat(refused.isPermanent()).isTrue();
    assertThat(refused.getMessage()).contains("job queue q", "Fargate", "EC2");
  }

  @Test
  void allNodesMustFitTheQueuesEc2CapacityAtOnce() {
    JobQueueInfo mixed =
        new JobQueueInfo(
            "q",
            "ENABLED",
            Map.of("ec2", Optional.of(16), "f", Optional.of(256)),
            Map.of("ec2", "EC2", "f", "FARGATE"));
    assertThat(CapacityCheck.multiNodeFits("q", 4, Optional.of(4.0), mixed)).isEmpty();
    BackendException tooBig =
        CapacityCheck.multiNodeFits("q", 8, Optional.of(4.0), mixed).orElseThrow();
    assertThat(tooBig.reason()).isEqualTo("InsufficientCapacity");
    assertThat(tooBig.getMessage()).contains("8 nodes × 4 vCPUs = 32 vCPUs", "16 vCPUs");
  }

  @Test
  void aMainNodeTheDefinitionDoesNotHaveIsRefused() throws Exception {
    ResolvedJobDefinition definition =
        new ResolvedJobDefinition(
            "mnp-worker", Optional.of(1.0), Optional.of(new NodeLayout(2, 0, Optional.of(0))));
    JobQueueInfo ec2 = new JobQueueInfo("q", "ENABLED", Map.of("e", Optional.of(64)), Map.of());
    MultiNodeLaunchCheck.check(group(0), "q", definition, ec2, 4);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MultiNodeLaunchCheck.check(group(1), "q", definition, ec2, 4))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("JobDefinitionMismatch");
              assertThat(e.getMessage()).contains("main node 0", "mainNode is 1");
            });
  }
}
