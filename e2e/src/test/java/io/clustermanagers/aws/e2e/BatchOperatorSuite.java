package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The operator with the Batch backend against a {@link BatchWorld}: moto (behind {@link
 * BatchStateProxy}, which keeps jobs running) in {@link BatchOperatorIT}, LocalStack or a real
 * account in the opt-in subclasses. Each world is a stack of deploy/aws/batch-stack.yaml.
 * Assertions are about what the operator asked AWS to do (counted with an SDK interceptor), what
 * Batch says of the jobs and what the status says; registration is driven by {@link FakeAgents},
 * since no job can reach a coordinator on this machine's loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BatchOperatorSuite {
  private static final String NS = "research";
  private static final String PREFIX = "aws-cluster-operator:";
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED");
  private BatchWorld aws;
  private OperatorHarness harness;

  /** The Batch to run against; may skip the class (an opt-in target that is not selected). */
  abstract BatchWorld startWorld() throws Exception;

  @BeforeAll
  void start() throws Exception {
    aws = startWorld();
    System.out.println(getClass().getSimpleName() + " runs against " + aws.describe());
  }

  @AfterAll
  void stop() {
    if (aws != null) {
      aws.close();
    }
  }

  @BeforeEach
  void startOperator() throws Exception {
    aws.calls().reset();
    harness =
        new OperatorHarness(
            OperatorHarness.testConfig(EnumSet.of(BackendType.BATCH), aws.operatorSettings()));
  }

  @AfterEach
  void stopOperator() {
    if (harness == null) {
      return;
    }
    try {
      harness.clusters().inNamespace(NS).delete();
      eventually().until(() -> harness.clusters().inNamespace(NS).list().getItems().isEmpty());
    } finally {
      // Even when the deletion did not finish: an operator left running would add its calls to
      // the next test's counts.
      harness.close();
      harness = null;
    }
  }

  @Test
  void scaleUpIsOneArrayJobAndScaleDownTerminatesTheNeverRegisteredFirst() throws Exception {
    AwsCluster sim = create("sim", s -> s.setReplicas(25));
    eventually().until(() -> count("sim", AwsClusterStatus::getRunningReplicas) == 25);
    assertThat(aws.calls().count("SubmitJob")).as("SubmitJob calls for 25 workers").isEqualTo(1);
    List<String> workers = workerIdsOf(sim);
    assertThat(workers).hasSize(25);
    String parent = workers.get(0).substring(0, workers.get(0).indexOf(':'));
    assertThat(workers)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 25).mapToObj(i -> parent + ":" + i).toList());

    Set<String> registered =
        IntStream.range(0, 10).mapToObj(i -> parent + ":" + i).collect(Collectors.toSet());
    try (FakeAgents agents = agents("sim")) {
      for (String id : registered) {
        agents.register(id);
      }
      eventually().until(() -> count("sim", AwsClusterStatus::getReadyReplicas) == 10);
      aws.calls().reset();
      edit("sim", s -> s.setReplicas(10));
      eventually()
          .untilAsserted(
              () -> {
                assertThat(status("sim").getReplicas()).isEqualTo(10);
                assertThat(status("sim").getReadyReplicas()).isEqualTo(10);
              });
      Set<String> terminated = Set.copyOf(terminatedOf(sim));
      assertThat(terminated).hasSize(15).doesNotContainAnyElementsOf(registered);
      assertThat(aws.calls().count("TerminateJob")).isEqualTo(15);
      assertThat(aws.calls().count("SubmitJob")).isZero();
      // Real Batch takes a while to end a terminated job; the operator watches it until then.
      eventually()
          .until(() -> describe(terminated).stream().allMatch(j -> isTerminal(j.statusAsString())));

      // Steady state: a few calls per reconcile, none per worker, no stop or launch. Measured
      // over at least three observes (each one ListJobs of the queue).
      aws.calls().reset();
      eventually().until(() -> aws.calls().count("ListJobs") >= 3);
      Map<String, Integer> steady = aws.calls().snapshot();
      System.out.println(
          getClass().getSimpleName()
              + " steady-state calls over 3+ observes (10 workers): "
              + steady);
      assertThat(steady).doesNotContainKeys("SubmitJob", "TerminateJob");
      assertThat(steady.getOrDefault("DescribeJobs", 0))
          .as("one DescribeJobs per observe at most (the array parent), not one per worker")
          .isLessThanOrEqualTo(steady.get("ListJobs") + 1);
      assertThat(status("sim").getReadyReplicas()).isEqualTo(10);
    }
  }

  @Test
  void aRestartedOperatorAdoptsTheArrayItSubmittedInsteadOfSubmittingAgain() {
    AwsCluster adopted = create("adopted", s -> s.setReplicas(25));
    eventually().until(() -> workerIdsOf(adopted).size() == 25);
    assertThat(aws.calls().count("SubmitJob")).isEqualTo(1);
    harness.restartOperator(
        () -> {
          // The worst case: the status never recorded the launch (killed before any write).
          AwsCluster current = harness.clusters().inNamespace(NS).withName("adopted").get();
          current.setStatus(new AwsClusterStatus());
          harness.clusters().inNamespace(NS).resource(current).updateStatus();
          assertThat(status("adopted").getNextLaunchSequence()).isNull();
          aws.calls().reset();
        });
    eventually()
        .untilAsserted(
            () -> {
              assertThat(status("adopted").getRunningReplicas()).isEqualTo(25);
              assertThat(status("adopted").getNextLaunchSequence()).isEqualTo(25);
            });
    // One more observe after the adoption: nothing is submitted later either.
    int looked = aws.calls().count("ListJobs");
    assertThat(looked).as("the new operator looked").isPositive();
    eventually().until(() -> aws.calls().count("ListJobs") > looked);
    assertThat(aws.calls().count("SubmitJob")).as("SubmitJob after the restart").isZero();
    assertThat(workerIdsOf(adopted)).hasSize(25);
    assertThat(status("adopted").getReplicas()).isEqualTo(25);
  }

  @Test
  void deleteEndsEveryJobBeforeTheResourceGoes() throws Exception {
    AwsCluster doomed = create("doomed", s -> s.setReplicas(1));
    eventually().until(() -> count("doomed", AwsClusterStatus::getRunningReplicas) == 1);
    edit("doomed", s -> s.setReplicas(3));
    eventually().until(() -> count("doomed", AwsClusterStatus::getRunningReplicas) == 3);
    assertThat(aws.calls().count("SubmitJob")).as("a plain job, then an array of 2").isEqualTo(2);
    List<String> jobs = workerIdsOf(doomed);
    assertThat(jobs).hasSize(3);

    harness.clusters().inNamespace(NS).withName("doomed").delete();
    eventually().until(() -> harness.clusters().inNamespace(NS).withName("doomed").get() == null);
    assertThat(describe(jobs))
        .hasSize(3)
        .allSatisfy(
            job -> {
              assertThat(job.statusAsString()).isEqualTo("FAILED");
              assertThat(job.statusReason()).startsWith(PREFIX);
            });
  }

  @Test
  void aMissingQueueIsReportedWithoutLaunchesOrAHotLoop() {
    create("noqueue", s -> s.getBatch().setJobQueue("no-such-queue"));
    Condition ready = awaitProblem("noqueue", "JobQueueNotFound");
    assertThat(ready.getMessage()).contains("no-such-queue");
    assertBoundedCallsWithoutLaunch();
  }

  @Test
  void anUnknownJobDefinitionIsReportedWithoutLaunchesOrAHotLoop() {
    create("nodef", s -> s.getBatch().setJobDefinition("no-such-definition"));
    Condition ready = awaitProblem("nodef", "JobDefinitionNotFound");
    assertThat(ready.getMessage()).contains("no-such-definition");
    assertBoundedCallsWithoutLaunch();
  }

  @Test
  void minReadyBeyondTheQueuesCapacityIsReportedInsteadOfWaitingForever() {
    create(
        "toobig",
        s -> {
          s.setReplicas(aws.stack().maxVcpus() + 44);
          s.setMinReady(aws.stack().maxVcpus() + 1);
        });
    Condition ready = awaitProblem("toobig", "InsufficientCapacity");
    assertThat(ready.getMessage())
        .contains(
            String.valueOf(aws.stack().maxVcpus() + 1), String.valueOf(aws.stack().maxVcpus()));
    assertThat(aws.calls().count("SubmitJob")).isZero();
  }

  @Test
  void replicasBeyondTheQueuesCapacityAreLaunchedWithAWarningEvent() {
    assumeTrue(
        aws.launchesAreFree(),
        "would start workers of more vCPUs than the queue allows in " + aws.describe());
    int vcpus = 64;
    int replicas = aws.stack().maxVcpus() / vcpus + 1;
    create(
        "roomy",
        s -> {
          s.getBatch().setJobDefinition(null);
          s.getTemplate().setImage("public.ecr.aws/acm/worker:test");
          s.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
          s.getTemplate().setVcpus((double) vcpus);
          s.getTemplate().setMemory(128);
          s.setReplicas(replicas);
          s.setMinReady(2);
        });

    eventually()
        .untilAsserted(
            () ->
                assertThat(harness.client().v1().events().inNamespace(NS).list().getItems())
                    .anyMatch(
                        e ->
                            "BackendWarning".equals(e.getReason())
                                && "Warning".equals(e.getType())
                                && e.getMessage().contains(String.valueOf(replicas * vcpus))
                                && e.getMessage()
                                    .contains(String.valueOf(aws.stack().maxVcpus()))));
    assertThat(aws.calls().count("SubmitJob"))
        .as("the workers are launched all the same")
        .isPositive();
  }

  @Test
  void aRealAgentReadsTheTokenFromTheClustersSecretWhichGoesWithTheCluster() throws Exception {
    AwsCluster sealed = create("sealed", s -> s.setReplicas(1));
    eventually().until(() -> workerIdsOf(sealed).size() == 1);
    String jobId = workerIdsOf(sealed).get(0);
    JobDetail job = describe(List.of(jobId)).get(0);
    Map<String, String> env =
        job.container().environment().stream()
            .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value, (a, b) -> b));
    String token = harness.coordinatorToken(NS, "sealed");
    assertThat(env).doesNotContainKey("ACM_TOKEN");
    assertThat(env.get("ACM_TOKEN_SECRET_ARN"))
        .as("under the prefix the worker roles may read (deploy/aws)")
        .contains(":secret:aws-cluster-operator/research/sealed/");
    assertThat(job.toString()).as("what DescribeJobs shows of the job").doesNotContain(token);

    // The agent as the job would run it: the job's environment, its id, this AWS.
    Map<String, String> agentEnv = new HashMap<>(aws.agentAwsEnvironment());
    env.forEach(
        (name, value) -> {
          if (name.startsWith("ACM_")) {
            agentEnv.put(name, value);
          }
        });
    agentEnv.put("AWS_BATCH_JOB_ID", jobId);
    try (AgentProcess agent = AgentProcess.start(agentEnv, List.of("sleep", "600"))) {
      eventually()
          .untilAsserted(
              () ->
                  assertThat(count("sealed", AwsClusterStatus::getReadyReplicas))
                      .as("ready workers; the agent said:%n%s", agent.output())
                      .isEqualTo(1));
      assertThat(agent.output()).doesNotContain(token);
    }

    String secretArn = env.get("ACM_TOKEN_SECRET_ARN");
    try (AwsClientFactory clients = new AwsClientFactory(aws.operatorSettings())) {
      assertThat(
              clients
                  .secretsManager(Optional.empty())
                  .describeSecret(b -> b.secretId(secretArn))
                  .tags())
          .as("the tag the worker roles' policy (deploy/aws, WorkerClusters) matches")
          .anySatisfy(
              t -> {
                assertThat(t.key()).isEqualTo("aws.clustermanagers.io/cluster");
                assertThat(t.value()).isEqualTo(NS + "/sealed");
              });
    }
    harness.clusters().inNamespace(NS).withName("sealed").delete();
    eventually().until(() -> harness.clusters().inNamespace(NS).withName("sealed").get() == null);
    try (AwsClientFactory clients = new AwsClientFactory(aws.operatorSettings())) {
      assertThatThrownBy(
              () ->
                  clients
                      .secretsManager(Optional.empty())
                      .describeSecret(b -> b.secretId(secretArn)))
          .as("the token's secret after the cluster was deleted")
          .isInstanceOf(ResourceNotFoundException.class);
    }
  }

  private void assertBoundedCallsWithoutLaunch() {
    int before = aws.calls().total();
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    int during = aws.calls().total() - before;
    System.out.println(
        "calls over 3s after a permanent error: " + during + " " + aws.calls().snapshot());
    assertThat(during).as("AWS calls in 3s after a permanent error").isLessThanOrEqualTo(6);
    assertThat(aws.calls().count("SubmitJob")).isZero();
  }

  private Condition awaitProblem(String name, String reason) {
    eventually()
        .untilAsserted(
            () ->
                assertThat(condition(name, "Ready"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo(reason);
                        }));
    return condition(name, "Ready").orElseThrow();
  }

  /** The cluster's jobs as Batch lists them: plain jobs, and each array's children. */
  private List<String> workerIdsOf(AwsCluster cluster) {
    String uid = cluster.getMetadata().getUid().replace("-", "");
    List<String> parents = new ArrayList<>();
    aws.admin()
        .listJobsPaginator(
            b ->
                b.jobQueue(aws.stack().jobQueue())
                    .filters(f -> f.name("JOB_NAME").values("acm-" + uid + "-*")))
        .jobSummaryList()
        .forEach(
            j -> {
              if (!j.jobId().contains(":")) {
                parents.add(j.jobId());
              }
            });
    List<String> ids = new ArrayList<>();
    for (JobDetail job : describe(parents)) {
      if (job.arrayProperties() != null && job.arrayProperties().size() != null) {
        IntStream.range(0, job.arrayProperties().size())
            .forEach(i -> ids.add(job.jobId() + ":" + i));
      } else {
        ids.add(job.jobId());
      }
    }
    return ids;
  }

  /** The jobs terminated by the operator (their reason names it). */
  private List<String> terminatedOf(AwsCluster cluster) {
    return describe(workerIdsOf(cluster)).stream()
        .filter(j -> j.statusReason() != null && j.statusReason().startsWith(PREFIX))
        .map(JobDetail::jobId)
        .toList();
  }

  /** What Batch says of the jobs, in DescribeJobs calls of at most 100 ids. */
  private List<JobDetail> describe(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    List<JobDetail> jobs = new ArrayList<>();
    for (int from = 0; from < all.size(); from += 100) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 100));
      jobs.addAll(aws.admin().describeJobs(b -> b.jobs(chunk)).jobs());
    }
    return jobs;
  }

  private static boolean isTerminal(String status) {
    return TERMINAL.contains(status);
  }

  private FakeAgents agents(String name) {
    return new FakeAgents(
        status(name).getCoordinator().getUrl(), NS, name, harness.coordinatorToken(NS, name));
  }

  private ConditionFactory eventually() {
    return await().atMost(aws.patience()).pollInterval(Duration.ofMillis(200));
  }

  private AwsCluster create(String name, Consumer<AwsClusterSpec> customize) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setHeartbeatTimeout("30s");
    spec.setRegistrationTimeout("10m");
    BatchSpec batch = new BatchSpec();
    batch.setJobQueue(aws.stack().jobQueue());
    batch.setJobDefinition(aws.stack().jobDefinition());
    spec.setBatch(batch);
    // Where jobs really run (LocalStack, AWS) they must outlive the test: the agent image retries
    // an unreachable coordinator forever, and this keeps a plain image (busybox) alive too. The
    // timeout ends any job an interrupted run leaves behind within the hour.
    spec.getTemplate().setCommand(List.of("sleep", "3600"));
    batch.setTimeout("1h");
    customize.accept(spec);
    cluster.setSpec(spec);
    return harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  private void edit(String name, Consumer<AwsClusterSpec> change) {
    harness.editSpec(NS, name, change);
  }

  private AwsClusterStatus status(String name) {
    return harness.status(NS, name);
  }

  private int count(String name, Function<AwsClusterStatus, Integer> field) {
    Integer value = field.apply(status(name));
    return value == null ? 0 : value;
  }

  private Optional<Condition> condition(String name, String type) {
    return harness.condition(NS, name, type);
  }
}
