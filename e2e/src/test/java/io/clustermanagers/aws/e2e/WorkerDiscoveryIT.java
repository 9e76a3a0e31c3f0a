package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.CoordinatorStatus;
import io.clustermanagers.aws.e2e.kube.Kubectl;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Discovery in the cluster, on the real API server with the operator as its ServiceAccount (the
 * shipped RBAC) and real agents: each AwsCluster gets a headless Service {@code <name>-workers}
 * with an EndpointSlice, both owned by the AwsCluster, its status says so, and {@code kubectl get
 * -o wide} shows the coordinator. The tests follow one cluster, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerDiscoveryIT {
  private static final String NS = "discovery";
  private static final String SLICE = "web-workers-0";
  private static OperatorHarness harness;
  private static Kubectl kubectl;

  private static final String CLUSTER =
      """
      apiVersion: aws.clustermanagers.io/v1alpha1
      kind: AwsCluster
      metadata:
        name: web
        namespace: discovery
      spec:
        backend: local
        replicas: 3
        registrationTimeout: 1m
        heartbeatTimeout: 6s
        template:
          port: 7000
      """;

  @BeforeAll
  static void start() throws Exception {
    harness = new OperatorHarness();
    TestKube.ensureNamespace(harness.client(), NS);
    kubectl = new Kubectl(harness.server().adminKubeconfig());
    kubectl.runWithInput(CLUSTER, "apply", "-f", "-").orThrow();
  }

  @AfterAll
  static void stop() {
    try {
      harness.close();
    } finally {
      OperatorHarness.liveAgents().forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @Order(1)
  void eachClusterGetsAHeadlessServiceWithAnEndpointSliceBothOwnedByIt() {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Integer.valueOf(3).equals(harness.status(NS, "web").getReadyReplicas()));
    await().atMost(Duration.ofSeconds(30)).until(() -> slice() != null);
    String uid = harness.clusters().inNamespace(NS).withName("web").get().getMetadata().getUid();

    Service service = harness.client().services().inNamespace(NS).withName("web-workers").get();
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getSelector()).as("no selector: no pods").isNullOrEmpty();
    assertThat(service.getMetadata().getOwnerReferences()).extracting("uid").containsExactly(uid);

    EndpointSlice slice = slice();
    assertThat(slice.getMetadata().getLabels())
        .containsEntry("kubernetes.io/service-name", "web-workers")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "aws.clustermanagers.io");
    assertThat(slice.getMetadata().getOwnerReferences()).extracting("uid").containsExactly(uid);
    // Local workers register 127.0.0.1, which Kubernetes refuses in an EndpointSlice: they are
    // left out (WorkerDiscoveryBatchingIT lists workers at routable addresses).
    assertThat(endpoints()).isEmpty();
  }

  @Test
  @Order(2)
  void statusCoordinatorSaysWhereToConnectWhichSecretHoldsTheTokenAndWhichServiceListsWorkers() {
    CoordinatorStatus coordinator = harness.status(NS, "web").getCoordinator();
    assertThat(coordinator.getUrl()).startsWith("http://127.0.0.1:");
    assertThat(coordinator.getTokenSecretName()).isEqualTo("web-coordinator-token");
    assertThat(coordinator.getWorkersService()).isEqualTo("web-workers");

    List<String> wide =
        kubectl.run("get", "awsc", "web", "-n", NS, "-o", "wide").orThrow().lines().toList();
    List<String> header = List.of(wide.get(0).split("\\s+"));
    assertThat(header).contains("COORDINATOR");
    assertThat(wide.get(1).split("\\s+")[header.indexOf("COORDINATOR")])
        .isEqualTo(coordinator.getUrl());
    String plain = kubectl.run("get", "awsc", "web", "-n", NS).orThrow();
    assertThat(plain).as("only with -o wide").doesNotContain("COORDINATOR");
  }

  @Test
  @Order(3)
  void theWorkersRegisterTheTemplatesPort() throws Exception {
    String token = harness.coordinatorToken(NS, "web");
    String url = harness.status(NS, "web").getCoordinator().getUrl();
    HttpResponse<String> workers =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/v1/clusters/" + NS + "/web/workers"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(workers.body()).contains("\"port\":7000").doesNotContain("\"port\":0");
  }

  private static EndpointSlice slice() {
    return harness.client().discovery().v1().endpointSlices().inNamespace(NS).withName(SLICE).get();
  }

  private static List<Endpoint> endpoints() {
    EndpointSlice slice = slice();
    return slice == null || slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
  }
}
