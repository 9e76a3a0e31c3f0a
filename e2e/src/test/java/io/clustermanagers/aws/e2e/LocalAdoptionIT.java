package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.WorkerTemplate;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's incident for the local backend in operator mode: the operator killed with {@code kill
 * -9} while its local workers ran; they went on running (agents retry a dead coordinator), and the
 * restarted operator launched as many again. Now the restarted operator finds them by their pid
 * files and adopts them: after a scale-up from 3 to 4 there are exactly 4 agent processes (counted
 * from the process table), and after the delete none. The operator jar runs as its own process
 * against the real API server, as its ServiceAccount; a front stands for the coordinator Service,
 * so the workers reach the new operator at the URL they know.
 */
class LocalAdoptionIT {
  private static final String NS = "research";
  private static final String NAME = "survivor";

  @TempDir Path logs;

  @Test
  void anOperatorStartedAfterKill9AdoptsTheLocalWorkersInsteadOfLaunchingThemAgain()
      throws Exception {
    KubeApiServer server = TestKube.shared();
    try (KubernetesClient admin = server.adminClient();
        CoordinatorFront front = CoordinatorFront.start()) {
      TestKube.ensureNamespace(admin, NS);
      TestKube.releaseLease(admin);
      Path kubeconfig = server.kubeconfig("operator", TestKube.operatorToken(server));
      Map<String, String> env =
          Map.of(
              "ACM_BACKENDS", "local",
              "ACM_LOCAL_LOG_DIR", logs.toString(),
              "ACM_STOP_GRACE", "PT3S",
              "ACM_RESYNC", "PT5S");
      try {
        List<Long> first;
        try (OperatorProcess crashed =
            OperatorProcess.start("operator-a", kubeconfig, front.url(), env)) {
          front.add(crashed.ports());
          create(admin, 3);
          await()
              .atMost(Duration.ofSeconds(90))
              .untilAsserted(
                  () -> {
                    assertThat(status(admin).getReadyReplicas()).isEqualTo(3);
                    assertThat(agents()).hasSize(3);
                  });
          first = pids(agents());

          crashed.kill();
        }
        assertThat(pids(agents())).as("kill -9 leaves the agents running").isEqualTo(first);
        TestKube.releaseLease(admin); // the killed leader's Lease would hold the next one back

        try (OperatorProcess restarted =
            OperatorProcess.start("operator-b", kubeconfig, front.url(), env)) {
          front.add(restarted.ports());
          admin
              .resources(AwsCluster.class)
              .inNamespace(NS)
              .withName(NAME)
              .edit(
                  c -> {
                    c.getSpec().setReplicas(4);
                    return c;
                  });
          await()
              .atMost(Duration.ofSeconds(120))
              .untilAsserted(
                  () -> {
                    AwsClusterStatus s = status(admin);
                    assertThat(s.getObservedGeneration()).isEqualTo(2L);
                    assertThat(s.getReadyReplicas())
                        .as("ready; the new operator's log:%n%s", restarted.output())
                        .isEqualTo(4);
                  });
          assertThat(agents())
              .as("agents after the restart and a scale-up to 4 (not 3 + 3 + 1)")
              .hasSize(4);
          assertThat(pids(agents())).containsAll(first);
          assertThat(restarted.output()).contains("adopted local worker");

          admin.resources(AwsCluster.class).inNamespace(NS).withName(NAME).delete();
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      admin.resources(AwsCluster.class).inNamespace(NS).withName(NAME).get()
                          == null);
          await().atMost(Duration.ofSeconds(30)).until(() -> agents().isEmpty());
          assertThat(ClusterProcesses.of(NS, NAME)).as("processes left after the delete").isEmpty();
        }
      } finally {
        ClusterProcesses.kill(NS, NAME);
        TestKube.removeAllClusters(admin);
        TestKube.releaseLease(admin);
      }
    }
  }

  private static void create(KubernetesClient admin, int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    spec.setHeartbeatTimeout("6s");
    WorkerTemplate template = new WorkerTemplate();
    template.setCommand(List.of("sh", "-c", "exec sleep 600"));
    spec.setTemplate(template);
    cluster.setSpec(spec);
    admin.resources(AwsCluster.class).inNamespace(NS).resource(cluster).create();
  }

  private static AwsClusterStatus status(KubernetesClient admin) {
    AwsCluster c = admin.resources(AwsCluster.class).inNamespace(NS).withName(NAME).get();
    return c == null || c.getStatus() == null ? new AwsClusterStatus() : c.getStatus();
  }

  /** The cluster's agents, whoever their parent is now: the process table's view. */
  private static List<ProcessHandle> agents() {
    return ClusterProcesses.of(NS, NAME).stream()
        .filter(
            p -> ClusterProcesses.describe(p).contains("io.clustermanagers.aws.agent.AgentMain"))
        .toList();
  }

  private static List<Long> pids(List<ProcessHandle> processes) {
    return processes.stream().map(ProcessHandle::pid).sorted().toList();
  }
}
