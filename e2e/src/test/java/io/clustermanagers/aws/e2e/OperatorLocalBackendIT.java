package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import io.clustermanagers.aws.api.v1alpha1.WorkerStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole loop in operator mode: AwsCluster resources in, real local worker processes out. */
class OperatorLocalBackendIT {
  private static final String NS = "research";
  private static OperatorHarness harness;

  @BeforeAll
  static void startOperator() throws Exception {
    harness = new OperatorHarness();
  }

  @AfterAll
  static void stopOperator() {
    if (harness != null) {
      harness.close();
    }
    assertThat(OperatorHarness.liveAgents()).as("agents left after the operator stopped").isEmpty();
  }

  @AfterEach
  void deleteClusters() {
    harness.clusters().inNamespace(NS).delete();
    eventually().until(() -> harness.clusters().inNamespace(NS).list().getItems().isEmpty());
    eventually().until(() -> OperatorHarness.liveAgents().isEmpty());
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
  }

  private static AwsCluster create(String name, Consumer<AwsClusterSpec> customize) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setHeartbeatTimeout("5s");
    spec.setRegistrationTimeout("1m");
    customize.accept(spec);
    cluster.setSpec(spec);
    return harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  private static AwsClusterStatus status(String name) {
    return harness.status(NS, name);
  }

  private static Optional<Condition> condition(String name, String type) {
    return harness.condition(NS, name, type);
  }

  private static void awaitReady(String name, int ready) {
    eventually()
        .untilAsserted(
            () -> {
              AwsClusterStatus status = status(name);
              assertThat(status.getReadyReplicas()).isEqualTo(ready);
              assertThat(status.getReplicas()).isEqualTo(ready);
              assertThat(OperatorHarness.liveAgents()).hasSize(ready);
            });
  }

  private static void scale(String name, Consumer<AwsClusterSpec> change) {
    harness.editSpec(NS, name, change);
  }

  private static Set<String> readyWorkerIds(String name) {
    return status(name).getWorkers().stream()
        .filter(w -> "Ready".equals(w.getState()))
        .map(WorkerStatus::getId)
        .collect(Collectors.toSet());
  }

  @Test
  void createScaleUpScaleDownAndDelete() {
    create("sim", s -> s.setReplicas(3));
    awaitReady("sim", 3);
    eventually()
        .until(
            () -> condition("sim", "Ready").map(c -> "True".equals(c.getStatus())).orElse(false));
    assertThat(status("sim").getPhase()).isEqualTo("Running");
    assertThat(status("sim").getSelector()).isEqualTo("aws.clustermanagers.io/cluster=sim");
    assertThat(harness.client().secrets().inNamespace(NS).withName("sim-coordinator-token").get())
        .as("the cluster's token Secret")
        .isNotNull();

    scale("sim", s -> s.setReplicas(5));
    awaitReady("sim", 5);

    scale(
        "sim",
        s -> {
          s.setReplicas(2);
          s.setMinReady(2);
        });
    awaitReady("sim", 2);
    assertThat(readyWorkerIds("sim"))
        .as("the newest workers were stopped")
        .containsExactlyInAnyOrder("sim-0", "sim-1");

    harness.clusters().inNamespace(NS).withName("sim").delete();
    eventually().until(() -> harness.clusters().inNamespace(NS).withName("sim").get() == null);
    assertThat(OperatorHarness.liveAgents()).as("no worker process outlives its cluster").isEmpty();
  }

  @Test
  void probesAnswerAndMetricsTellTheTruth() throws Exception {
    assertThat(harness.management("/healthz").statusCode()).isEqualTo(200);
    // Ready once this replica holds the Lease, which a real server grants within moments.
    eventually().until(() -> harness.management("/readyz").statusCode() == 200);
    create("metered", s -> s.setReplicas(2));
    awaitReady("metered", 2);

    eventually()
        .untilAsserted(
            () ->
                assertThat(harness.management("/metrics").body())
                    .contains(
                        "awscluster_workers{name=\"metered\",namespace=\"research\",state=\"ready\"} 2.0")
                    .contains("awscluster_ready{name=\"metered\",namespace=\"research\"} 1.0"));
    String scrape = harness.management("/metrics").body();
    assertThat(scrape)
        .contains("awscluster_desired_workers{name=\"metered\",namespace=\"research\"} 2.0")
        .contains(
            "awscluster_launches_total{backend=\"local\",name=\"metered\",namespace=\"research\"} 2.0")
        .contains("awscluster_registration_seconds_count{backend=\"local\"}")
        .contains(
            "awscluster_registration_phase_seconds_count{backend=\"local\",phase=\"running_to_registered\"}")
        .contains("awscluster_coordinator_requests_total{route=\"register\",status=\"200\"}")
        .contains("operator_sdk_")
        .contains("jvm_memory_used_bytes");
    assertThat(scrape).as("no worker id in any label").doesNotContain("metered-0");
    MetricsScrape.save(scrape);
  }

  @Test
  void scaleDownStopsTheListedWorkerAndLeavesTheSpecAsWritten() {
    create("pick", s -> s.setReplicas(3));
    awaitReady("pick", 3);

    scale(
        "pick",
        s -> {
          s.setReplicas(2);
          s.setMinReady(2);
          s.setScaleDown(new io.clustermanagers.aws.api.v1alpha1.ScaleDownSpec());
          s.getScaleDown().getWorkersToDelete().add("pick-0");
        });

    awaitReady("pick", 2);
    assertThat(readyWorkerIds("pick")).containsExactlyInAnyOrder("pick-1", "pick-2");
    eventually()
        .untilAsserted(
            () ->
                assertThat(status("pick").getHandledWorkersToDelete())
                    .as("handled ids are recorded in status")
                    .containsExactly("pick-0"));
    AwsCluster after = harness.clusters().inNamespace(NS).withName("pick").get();
    assertThat(after.getSpec().getScaleDown().getWorkersToDelete())
        .as("the spec is left as the user (or GitOps) wrote it")
        .containsExactly("pick-0");
    assertThat(after.getMetadata().getGeneration()).as("no spec write but the user's").isEqualTo(2);

    scale("pick", s -> s.getScaleDown().getWorkersToDelete().clear());
    eventually()
        .untilAsserted(
            () ->
                assertThat(status("pick").getHandledWorkersToDelete())
                    .as("gone from the spec, gone from status")
                    .isEmpty());
    assertThat(readyWorkerIds("pick")).containsExactlyInAnyOrder("pick-1", "pick-2");
  }

  @Test
  void aClusterWhoseFinalizerIsRemovedByHandLeavesNoMemoryInTheOperator() throws Exception {
    // The workload ignores SIGTERM, so stopping takes the stop grace (10 s): the cleanup is
    // still waiting when the finalizer is removed by hand.
    create(
        "gone",
        s -> {
          s.setReplicas(2);
          s.getTemplate()
              .setCommand(List.of("sh", "-c", "trap '' TERM; while true; do sleep 1; done"));
        });
    awaitReady("gone", 2);
    eventually()
        .untilAsserted(
            () -> assertThat(harness.management("/metrics").body()).contains("name=\"gone\""));

    harness.clusters().inNamespace(NS).withName("gone").delete();
    eventually()
        .until(
            () ->
                harness
                        .clusters()
                        .inNamespace(NS)
                        .withName("gone")
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp()
                    != null);
    new io.clustermanagers.aws.e2e.kube.Kubectl(harness.server().adminKubeconfig())
        .run(
            "patch",
            "awscluster",
            "gone",
            "-n",
            NS,
            "--type=merge",
            "-p",
            "{\"metadata\":{\"finalizers\":null}}")
        .orThrow();
    eventually().until(() -> harness.clusters().inNamespace(NS).withName("gone").get() == null);
    assertThat(OperatorHarness.liveAgents())
        .as("gone by the hand removal, not by a finished cleanup")
        .isNotEmpty();

    eventually()
        .untilAsserted(
            () ->
                assertThat(harness.management("/metrics").body())
                    .as("no metric series of the gone cluster")
                    .doesNotContain("name=\"gone\""));
    assertThat(harness.coordinatorOpen(NS, "gone")).as("registry entry released").isFalse();
  }

  @Test
  void killedWorkerIsDetectedAndReplaced() {
    create("crash", s -> s.setReplicas(2));
    awaitReady("crash", 2);
    Set<String> before = readyWorkerIds("crash");
    ProcessHandle victim = OperatorHarness.liveAgents().get(0);

    victim.destroyForcibly(); // SIGKILL: no deregistration, no goodbye

    eventually()
        .untilAsserted(
            () -> {
              assertThat(victim.isAlive()).isFalse();
              assertThat(readyWorkerIds("crash")).hasSize(2).isNotEqualTo(before);
              assertThat(OperatorHarness.liveAgents()).hasSize(2);
            });
    List<io.fabric8.kubernetes.api.model.Event> events =
        harness.client().v1().events().inNamespace(NS).list().getItems();
    assertThat(events)
        .anyMatch(
            e ->
                "WorkerFailed".equals(e.getReason())
                    && e.getMessage().contains("killed by signal 9"));
  }

  @Test
  void crashingWorkersAreReplacedWithBackoffUntilDegraded() {
    create(
        "crashloop",
        s -> {
          s.setReplicas(2);
          s.getTemplate().setCommand(List.of("sh", "-c", "exit 3"));
        });

    eventually()
        .untilAsserted(
            () -> {
              Optional<Condition> found = condition("crashloop", "Degraded");
              assertThat(found).isPresent();
              Condition degraded = found.get();
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("WorkerFailures");
              assertThat(degraded.getMessage()).contains("exit code 3");
            });
    AwsClusterStatus status = status("crashloop");
    assertThat(status.getPhase()).isEqualTo("Degraded");
    assertThat(condition("crashloop", "Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(status.getNextLaunchSequence())
        .as("one replacement per counted failure: no relaunch loop")
        .isLessThanOrEqualTo(2L + status.getFailures().getConsecutive());
  }

  @Test
  void suspendStopsEveryWorkerAndKeepsTheResource() {
    create("pause", s -> s.setReplicas(2));
    awaitReady("pause", 2);

    scale("pause", s -> s.setSuspend(true));

    eventually()
        .untilAsserted(
            () -> {
              assertThat(status("pause").getPhase()).isEqualTo("Suspended");
              assertThat(status("pause").getReplicas()).isZero();
              assertThat(OperatorHarness.liveAgents()).isEmpty();
            });
    assertThat(condition("pause", "Ready"))
        .get()
        .extracting(Condition::getReason)
        .isEqualTo("Suspended");
    assertThat(harness.clusters().inNamespace(NS).withName("pause").get()).isNotNull();

    scale("pause", s -> s.setSuspend(false));
    awaitReady("pause", 2);
  }

  /**
   * Specs the API server accepts but only the operator can judge (the server rejects the others:
   * see InvalidAwsClustersIT). A backend this operator does not serve is not an invalid spec: it is
   * reported as BackendNotEnabled, naming the flag (the finalizer stays, see DisabledBackend).
   */
  static Stream<Arguments> specsOnlyTheOperatorJudges() {
    return Stream.of(
        Arguments.of(
            "not-enabled", (Consumer<AwsClusterSpec>) s -> s.setBackend("batch"), "--backends"),
        Arguments.of(
            "zero-heartbeat",
            (Consumer<AwsClusterSpec>) s -> s.setHeartbeatTimeout("0s"),
            "spec.heartbeatTimeout"),
        Arguments.of(
            "reserved-env",
            (Consumer<AwsClusterSpec>)
                s -> s.getTemplate().getEnv().add(new EnvVar("ACM_TOKEN", "mine")),
            "spec.template.env[0].name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specsOnlyTheOperatorJudges")
  void invalidSpecIsReportedAndLaunchesNothing(
      String name, Consumer<AwsClusterSpec> invalid, String field) {
    create(
        name,
        s -> {
          s.setReplicas(2);
          invalid.accept(s);
        });

    eventually().until(() -> condition(name, "Ready").isPresent());
    Condition ready = condition(name, "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason())
        .isEqualTo(name.equals("not-enabled") ? "BackendNotEnabled" : "InvalidSpec");
    assertThat(ready.getMessage()).contains(field);
    if (!name.equals("not-enabled")) {
      assertThat(status(name).getPhase()).isEqualTo("Invalid");
    }
    assertThat(status(name).getNextLaunchSequence()).as("nothing launched").isIn(null, 0L);
    assertThat(OperatorHarness.liveAgents()).isEmpty();
  }
}
