package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.batch.BatchWorkerBackend;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.model.KeyValuePair;

/** The Batch backend on its own against moto: what it submits and what it reports. */
class BatchWorkerBackendIT {
  private static MotoBatchWorld aws;
  private AwsClientFactory clients;
  private BatchWorkerBackend backend;

  @BeforeAll
  static void startEmulator() throws Exception {
    aws = MotoBatchWorld.start();
  }

  @AfterAll
  static void stopEmulator() {
    aws.close();
  }

  @BeforeEach
  void createBackend() {
    aws.calls().reset();
    aws.proxy.holdNewJobsIn("RUNNING", null);
    clients = new AwsClientFactory(aws.operatorSettings());
    backend = new BatchWorkerBackend(clients, Clock.systemUTC());
  }

  @AfterEach
  void closeBackend() {
    backend.close();
    clients.close();
  }

  @Test
  void aJobStuckInRunnableShowsBatchsStatusReason() throws Exception {
    aws.proxy.holdNewJobsIn(
        "RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - no Spot capacity");
    WorkerGroup group = group(spec(s -> s.setJobDefinition(aws.stack().jobDefinition())));
    backend.launch(group, new LaunchRequest(0, 3));
    List<BackendWorker> workers = backend.observe(group);
    assertThat(workers).hasSize(3);
    assertThat(workers)
        .allSatisfy(
            w -> {
              assertThat(w.phase()).isEqualTo(WorkerPhase.PENDING);
              assertThat(w.reason())
                  .contains("RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY");
            });
    assertThat(workers)
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(0L, 1L, 2L);
  }

  @Test
  void aTemplateRegistersOneJobDefinitionAndReusesIt() throws Exception {
    AwsClusterSpec spec = spec(s -> {});
    spec.getTemplate().setImage("registry.example/agent:1");
    spec.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    spec.getTemplate().setVcpus(2.0);
    spec.getTemplate().setMemory(4096);
    spec.getTemplate().setCommand(List.of("python", "work.py"));
    WorkerGroup group = group(spec);
    backend.launch(group, new LaunchRequest(0, 1));
    backend.launch(group, new LaunchRequest(1, 2));
    BatchWorkerBackend restarted = new BatchWorkerBackend(clients, Clock.systemUTC());
    restarted.launch(group, new LaunchRequest(3, 1));
    assertThat(aws.calls().count("RegisterJobDefinition")).isEqualTo(1);
    assertThat(aws.calls().count("SubmitJob")).isEqualTo(3);
    var definitions =
        aws.admin().describeJobDefinitions(b -> b.status("ACTIVE")).jobDefinitions().stream()
            .filter(d -> d.containerProperties() != null)
            .filter(d -> "registry.example/agent:1".equals(d.containerProperties().image()))
            .toList();
    assertThat(definitions).hasSize(1);
    assertThat(definitions.get(0).containerProperties().resourceRequirements())
        .extracting(r -> r.typeAsString() + "=" + r.value())
        .containsExactlyInAnyOrder("VCPU=2", "MEMORY=4096");
    assertThat(definitions.get(0).containerProperties().jobRoleArn())
        .as("the role the agent reads the token's secret with")
        .isEqualTo("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");

    String firstJob =
        backend.observe(group).stream()
            .filter(w -> w.launchSequence() == 0)
            .findFirst()
            .orElseThrow()
            .id();
    var plain = aws.admin().describeJobs(b -> b.jobs(firstJob)).jobs().get(0);
    assertThat(plain.container().command()).containsExactly("python", "work.py");
    assertThat(plain.container().environment())
        .extracting(KeyValuePair::name)
        .contains(
            "ACM_COORDINATOR_URL",
            "ACM_CLUSTER_NAMESPACE",
            "ACM_CLUSTER_NAME",
            "ACM_TOKEN_SECRET_ARN")
        .doesNotContain("ACM_TOKEN");
    assertThat(aws.admin().listTagsForResource(b -> b.resourceArn(plain.jobArn())).tags())
        .containsEntry("aws.clustermanagers.io/cluster", "research/sim")
        .containsEntry("aws.clustermanagers.io/cluster-uid", group.uid());
  }

  @Test
  void aTemplateWithoutARoleIsRefusedBeforeAnythingIsRegistered() {
    AwsClusterSpec spec = spec(s -> {});
    spec.getTemplate().setImage("registry.example/agent:1");
    assertThatThrownBy(() -> backend.launch(group(spec), new LaunchRequest(0, 2)))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("WorkerRoleRequired");
              assertThat(e.isPermanent()).isTrue();
              assertThat(e.getMessage()).contains("spec.template.roleArn", "GetSecretValue");
            });
    assertThat(aws.calls().count("RegisterJobDefinition")).isZero();
    assertThat(aws.calls().count("SubmitJob")).isZero();
  }

  @Test
  void stoppingIsSafeToRepeatAndShowsAsRequested() throws Exception {
    WorkerGroup group = group(spec(s -> s.setJobDefinition(aws.stack().jobDefinition())));
    backend.launch(group, new LaunchRequest(0, 2));
    String victim = backend.observe(group).get(0).id();
    backend.stop(group, List.of(victim), "scaling down");
    backend.stop(group, List.of(victim, "no-such-job"), "scaling down");
    BatchWorkerBackend restarted = new BatchWorkerBackend(clients, Clock.systemUTC());
    BackendWorker stopped =
        restarted.observe(group).stream()
            .filter(w -> w.id().equals(victim))
            .findFirst()
            .orElseThrow();
    assertThat(stopped.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(stopped.stopRequested()).as("recognised from the reason after a restart").isTrue();
  }

  @Test
  void aMultiNodeTemplateRegistersAMultinodeDefinitionAndSubmitsOneJob() throws Exception {
    AwsClusterSpec spec = spec(s -> s.setJobQueue(aws.stack().multiNodeJobQueue().orElseThrow()));
    spec.setReplicas(3);
    spec.getTemplate().setImage("registry.example/mpi:1");
    spec.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    spec.getBatch().setMultiNode(new MultiNodeSpec());
    spec.getBatch().getMultiNode().setMainNode(1);
    WorkerGroup group = group(spec);

    List<BackendWorker> launched = backend.launch(group, new LaunchRequest(0, 3));

    assertThat(aws.calls().count("RegisterJobDefinition")).isEqualTo(1);
    assertThat(aws.calls().count("SubmitJob")).isEqualTo(1);
    var definition =
        aws.admin().describeJobDefinitions(b -> b.status("ACTIVE")).jobDefinitions().stream()
            .filter(d -> d.nodeProperties() != null)
            .filter(d -> d.jobDefinitionName().startsWith("acm-"))
            .filter(d -> !d.jobDefinitionName().equals(MotoBatchWorld.MULTI_NODE_DEFINITION))
            .findFirst()
            .orElseThrow();
    assertThat(definition.type()).isEqualTo("multinode");
    assertThat(definition.nodeProperties().mainNode()).isEqualTo(1);
    assertThat(definition.nodeProperties().nodeRangeProperties())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.targetNodes()).isEqualTo("0:");
              assertThat(r.container().image()).isEqualTo("registry.example/mpi:1");
            });
    String job = launched.get(0).gang().orElseThrow().gang();
    assertThat(launched)
        .extracting(BackendWorker::id)
        .containsExactly(job + "#0", job + "#1", job + "#2");
    List<BackendWorker> observed = backend.observe(group);
    assertThat(observed).extracting(BackendWorker::phase).containsOnly(WorkerPhase.RUNNING);
    assertThat(observed)
        .extracting(w -> w.gang().orElseThrow().main())
        .containsExactly(false, true, false);

    backend.stopGang(group, job, List.of(job + "#0"), "replacing it");
    backend.stopGang(group, job, List.of(job + "#0"), "replacing it");
    assertThat(aws.calls().count("TerminateJob")).as("one, however often asked").isEqualTo(1);
    BatchWorkerBackend restarted = new BatchWorkerBackend(clients, Clock.systemUTC());
    assertThat(restarted.observe(group))
        .hasSize(3)
        .allSatisfy(
            w -> {
              assertThat(w.isEnded()).isTrue();
              assertThat(w.stopRequested()).as("recognised from the reason").isTrue();
            });
  }

  @Test
  void aMultiNodeJobStuckInRunnableShowsBatchsStatusReasonOnEveryNode() throws Exception {
    aws.proxy.holdNewJobsIn("RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - no c5n.large");
    AwsClusterSpec spec =
        spec(
            s -> {
              s.setJobQueue(aws.stack().multiNodeJobQueue().orElseThrow());
              s.setJobDefinition(aws.stack().multiNodeJobDefinition().orElseThrow());
              s.setMultiNode(new MultiNodeSpec());
            });
    WorkerGroup group = group(spec);
    backend.launch(group, new LaunchRequest(0, 3));
    List<BackendWorker> nodes = backend.observe(group);
    assertThat(nodes).hasSize(3);
    assertThat(nodes)
        .allSatisfy(
            w -> {
              assertThat(w.phase()).isEqualTo(WorkerPhase.PENDING);
              assertThat(w.startedAt()).as("no registration deadline yet").isEmpty();
              assertThat(w.reason())
                  .contains("RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY");
            });
    assertThat(aws.calls().count("ListJobs"))
        .as("a waiting job's nodes are not listed: the queue's listing at launch and observe")
        .isEqualTo(2);
  }

  @Test
  void aContainerDefinitionForAMultiNodeClusterIsRefused() {
    AwsClusterSpec spec =
        spec(
            s -> {
              s.setJobQueue(aws.stack().multiNodeJobQueue().orElseThrow());
              s.setJobDefinition(aws.stack().jobDefinition());
              s.setMultiNode(new MultiNodeSpec());
            });
    assertThatThrownBy(() -> backend.launch(group(spec), new LaunchRequest(0, 2)))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("JobDefinitionKindMismatch");
              assertThat(e.isPermanent()).isTrue();
              assertThat(e.getMessage()).contains("spec.batch.jobDefinition", "multinode");
            });
    assertThat(aws.calls().count("SubmitJob")).isZero();
  }

  private AwsClusterSpec spec(java.util.function.Consumer<BatchSpec> batch) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setBatch(new BatchSpec());
    spec.getBatch().setJobQueue(aws.stack().jobQueue());
    batch.accept(spec.getBatch());
    return spec;
  }

  private static WorkerGroup group(AwsClusterSpec spec) {
    return new WorkerGroup(
        new ClusterKey("research", "sim"),
        UUID.randomUUID().toString(),
        spec,
        new CoordinatorAccess("http://127.0.0.1:1", "secret-token"));
  }
}
