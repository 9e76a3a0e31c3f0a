package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.WorkerStatus;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.batch.model.KeyValuePair;

/**
 * Leader election for real: two operator processes (the jar, as its ServiceAccount, different pod
 * names) against the real API server and Batch on moto; a front stands in for the coordinator
 * Service (routes to the ready, i.e. leading, replica). The leader is killed with SIGKILL: the
 * standby must take over within the lease duration, adopt the jobs without submitting again, and
 * the real agents of the jobs must register with it.
 */
class LeaderElectionIT {
  private static final String NS = "research";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * JOSDK's default lease duration and retry period: the lease expires at most LEASE after the
   * killed leader's last renewal, and the standby tries every RETRY (about 17 s measured).
   */
  private static final Duration LEASE = Duration.ofSeconds(15);

  private static final Duration RETRY = Duration.ofSeconds(2);

  @Test
  void theStandbyTakesOverWhenTheLeaderIsKilledAndTheWorkersRegisterWithIt() throws Exception {
    KubeApiServer server = TestKube.shared();
    List<AgentProcess> agents = new ArrayList<>();
    try (KubernetesClient admin = server.adminClient();
        MotoBatchWorld batch = MotoBatchWorld.start();
        CoordinatorFront front = CoordinatorFront.start()) {
      TestKube.ensureNamespace(admin, NS);
      TestKube.releaseLease(admin);
      var kubeconfig = server.kubeconfig("operator", TestKube.operatorToken(server));
      Map<String, String> env =
          Map.of(
              "ACM_BACKENDS", "batch",
              "AWS_ENDPOINT_URL", batch.proxy.endpoint().toString(),
              "AWS_REGION", MotoServer.REGION,
              "AWS_ACCESS_KEY_ID", "testing",
              "AWS_SECRET_ACCESS_KEY", "testing",
              "ACM_RESYNC", "PT5S");
      try (OperatorProcess a = OperatorProcess.start("operator-a", kubeconfig, front.url(), env);
          OperatorProcess b = OperatorProcess.start("operator-b", kubeconfig, front.url(), env)) {
        front.add(a.ports());
        front.add(b.ports());
        await().atMost(Duration.ofSeconds(60)).until(() -> front.target() > 0);
        OperatorProcess leader = front.target() == a.ports().coordinatorPort() ? a : b;
        OperatorProcess standby = leader == a ? b : a;

        create(admin, batch);
        await().atMost(Duration.ofSeconds(60)).until(() -> workerIds(admin).size() == 2);
        List<String> workers = workerIds(admin);
        for (String id : workers) {
          agents.add(AgentProcess.start(agentEnvironment(batch, id), List.of("sleep", "600")));
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(status(admin).getReadyReplicas()).isEqualTo(2));
        long jobsBefore = batch.proxy.unfinished();

        leader.kill();
        Instant killed = Instant.now();
        // A bound for the wait, not a timing assertion: the takeover time is printed (measured).
        await()
            .atMost(LEASE.plus(RETRY).plusSeconds(60))
            .until(() -> front.target() == standby.ports().coordinatorPort());
        System.out.println(
            "standby " + standby.name() + " led after " + Duration.between(killed, Instant.now()));

        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(registeredWith(front, admin))
                        .as(
                            "workers registered with the new leader; its log:%n%s",
                            standby.output())
                        .containsExactlyInAnyOrderElementsOf(workers));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(status(admin).getReadyReplicas()).isEqualTo(2));
        assertThat(batch.proxy.unfinished())
            .as("jobs after the takeover: adopted, none submitted again")
            .isEqualTo(jobsBefore);

        admin.resources(AwsCluster.class).inNamespace(NS).withName("ha").delete();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    admin.resources(AwsCluster.class).inNamespace(NS).withName("ha").get() == null);
        assertThat(batch.proxy.unfinished()).as("jobs left after the delete").isZero();
      } finally {
        for (AgentProcess agent : agents) {
          agent.close();
        }
        TestKube.removeAllClusters(admin);
        TestKube.releaseLease(admin);
      }
    }
  }

  private static void create(KubernetesClient admin, MotoBatchWorld batch) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("ha").withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("batch");
    spec.setReplicas(2);
    spec.setHeartbeatTimeout("6s");
    BatchSpec settings = new BatchSpec();
    settings.setJobQueue(batch.stack().jobQueue());
    settings.setJobDefinition(batch.stack().jobDefinition());
    settings.setTimeout("1h");
    spec.setBatch(settings);
    cluster.setSpec(spec);
    admin.resources(AwsCluster.class).inNamespace(NS).resource(cluster).create();
  }

  private static AwsClusterStatus status(KubernetesClient admin) {
    AwsCluster c = admin.resources(AwsCluster.class).inNamespace(NS).withName("ha").get();
    return c == null || c.getStatus() == null ? new AwsClusterStatus() : c.getStatus();
  }

  private static List<String> workerIds(KubernetesClient admin) {
    return status(admin).getWorkers().stream().map(WorkerStatus::getId).sorted().toList();
  }

  /** The job's ACM_ environment (DescribeJobs of the array), its id, and this AWS. */
  private static Map<String, String> agentEnvironment(MotoBatchWorld batch, String workerId) {
    String parent = workerId.substring(0, workerId.indexOf(':'));
    Map<String, String> jobEnv =
        batch
            .admin()
            .describeJobs(r -> r.jobs(parent))
            .jobs()
            .get(0)
            .container()
            .environment()
            .stream()
            .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value, (x, y) -> y));
    Map<String, String> env = new HashMap<>(batch.agentAwsEnvironment());
    jobEnv.forEach(
        (k, v) -> {
          if (k.startsWith("ACM_")) {
            env.put(k, v);
          }
        });
    env.put("AWS_BATCH_JOB_ID", workerId);
    env.put("AWS_REGION", MotoServer.REGION);
    return env;
  }

  /** The worker ids the coordinator behind the front (the leader) has registered now. */
  private static List<String> registeredWith(CoordinatorFront front, KubernetesClient admin)
      throws Exception {
    String token = OperatorHarness.coordinatorToken(admin, NS, "ha");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(front.url() + "/v1/clusters/" + NS + "/ha/workers"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return List.of("HTTP " + response.statusCode() + ": " + response.body());
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode w : JSON.readTree(response.body()).path("workers")) {
      ids.add(w.path("workerId").asText());
    }
    return ids;
  }
}
