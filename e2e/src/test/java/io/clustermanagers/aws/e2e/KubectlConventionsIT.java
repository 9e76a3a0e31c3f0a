package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.e2e.kube.Kubectl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kubectl conventions a user relies on, with the machine's real kubectl against the real API
 * server and the operator (local backend, real agents) running as its ServiceAccount. The tests
 * follow one cluster through its life, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlConventionsIT {
  private static final String NS = "kubectl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OperatorHarness harness;
  private static Kubectl kubectl;

  private static final String CLUSTER =
      """
      apiVersion: aws.clustermanagers.io/v1alpha1
      kind: AwsCluster
      metadata:
        name: demo
        namespace: kubectl
      spec:
        backend: local
        replicas: 2
        registrationTimeout: 1m
        heartbeatTimeout: 6s
      """;

  @BeforeAll
  static void start() throws Exception {
    harness = new OperatorHarness();
    kubectl = new Kubectl(harness.server().adminKubeconfig());
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
  void applyThenWaitForReady() {
    kubectl.runWithInput(CLUSTER, "apply", "--validate=strict", "-f", "-").orThrow();
    Kubectl.Result waited =
        kubectl.run("wait", "--for=condition=Ready", "awscluster/demo", "-n", NS, "--timeout=90s");
    assertThat(waited.exit()).as(waited.err()).isZero();
    assertThat(waited.out()).contains("condition met");
  }

  @Test
  @Order(2)
  void getShowsThePrinterColumns() {
    String out = kubectl.run("get", "awsc", "-n", NS).orThrow();
    List<String> lines = out.lines().toList();
    List<String> header = List.of(lines.get(0).split("\\s+"));
    List<String> row = List.of(lines.get(1).split("\\s+"));
    assertThat(header)
        .containsExactlyInAnyOrder("NAME", "BACKEND", "DESIRED", "READY", "PHASE", "AGE");
    assertThat(row).hasSameSizeAs(header);
    Map<String, String> shown = new java.util.HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      shown.put(header.get(i), row.get(i));
    }
    assertThat(shown)
        .containsEntry("NAME", "demo")
        .containsEntry("BACKEND", "local")
        .containsEntry("DESIRED", "2")
        .containsEntry("READY", "2")
        .containsEntry("PHASE", "Running");
  }

  @Test
  @Order(3)
  void explainDescribesSpecAndStatus() {
    for (String field : List.of("awscluster.spec", "awscluster.status")) {
      String out = kubectl.run("explain", field).orThrow();
      assertThat(out).as(field).contains("DESCRIPTION:").doesNotContain("<empty>");
    }
  }

  @Test
  @Order(4)
  void everyFieldHasADescriptionInTheServedSchema() throws Exception {
    JsonNode doc =
        JSON.readTree(
            kubectl
                .run("get", "--raw", "/openapi/v3/apis/aws.clustermanagers.io/v1alpha1")
                .orThrow());
    JsonNode cluster =
        doc.path("components").path("schemas").path("io.clustermanagers.aws.v1alpha1.AwsCluster");
    assertThat(cluster.isMissingNode()).as("AwsCluster in the served OpenAPI").isFalse();
    List<String> undescribed = new ArrayList<>();
    for (String top : List.of("spec", "status")) {
      undescribed(cluster.path("properties").path(top), top, undescribed);
    }
    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  @Test
  @Order(5)
  void scaleThroughKubectlAndTheScaleSubresource() throws Exception {
    kubectl.run("scale", "awsc", "demo", "-n", NS, "--replicas=3").orThrow();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                Integer.valueOf(3).equals(harness.status(NS, "demo").getReadyReplicas())
                    && OperatorHarness.liveAgents().size() == 3);
    JsonNode scale =
        JSON.readTree(
            kubectl
                .run(
                    "get",
                    "--raw",
                    "/apis/aws.clustermanagers.io/v1alpha1/namespaces/kubectl/awsclusters/demo/scale")
                .orThrow());
    assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(scale.path("status").path("replicas").asInt()).isEqualTo(3);
    assertThat(scale.path("status").path("selector").asText())
        .as("an HPA needs the selector")
        .isNotBlank();
  }

  @Test
  @Order(6)
  void describeShowsTheEvents() {
    String out = kubectl.run("describe", "awsc", "demo", "-n", NS).orThrow();
    String events = out.substring(out.indexOf("Events:"));
    assertThat(events).contains("Launched").doesNotContain("<none>");
  }

  @Test
  @Order(7)
  void deleteReturnsOnceTheFinalizerIsGoneAndNothingRuns() {
    Kubectl.Result deleted = kubectl.run("delete", "awsc", "demo", "-n", NS, "--timeout=90s");
    assertThat(deleted.exit()).as(deleted.err()).isZero();
    assertThat(harness.clusters().inNamespace(NS).withName("demo").get())
        .as("gone when kubectl delete returns")
        .isNull();
    assertThat(OperatorHarness.liveAgents()).as("agents left after delete").isEmpty();
  }

  private static void undescribed(JsonNode schema, String path, List<String> out) {
    if (schema.path("description").asText("").isBlank()) {
      out.add(path);
    }
    JsonNode properties = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      undescribed(p.getValue(), path + "." + p.getKey(), out);
    }
    if (schema.has("items")) {
      JsonNode items = schema.path("items");
      for (Iterator<Map.Entry<String, JsonNode>> it = items.path("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        undescribed(p.getValue(), path + "[]." + p.getKey(), out);
      }
    }
  }
}
