package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.Kubectl;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user installs, judged by a real kube-apiserver: the overlay as shipped ({@link TestKube}
 * applies it with kubectl), the Helm chart's rendering, and every example.
 */
class RealApiServerInstallIT {
  private static KubeApiServer server;
  private static KubernetesClient admin;
  private static Kubectl kubectl;

  @BeforeAll
  static void install() {
    server = TestKube.shared();
    admin = server.adminClient();
    kubectl = new Kubectl(server.adminKubeconfig());
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void theOverlayIsInstalledAsShipped() {
    String ns = TestKube.OPERATOR_NAMESPACE;
    assertThat(admin.serviceAccounts().inNamespace(ns).withName("aws-cluster-operator").get())
        .isNotNull();
    assertThat(admin.apps().deployments().inNamespace(ns).withName("aws-cluster-operator").get())
        .isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("aws-cluster-operator").get()).isNotNull();
    assertThat(
            admin
                .rbac()
                .roles()
                .inNamespace(ns)
                .withName("aws-cluster-operator-leader-election")
                .get())
        .isNotNull();
    assertThat(
            kubectl.run("apply", "--dry-run=server", "-k", TestKube.OVERLAY.toString()).orThrow())
        .as("the overlay applied again")
        .contains(
            "customresourcedefinition.apiextensions.k8s.io/awsclusters.aws.clustermanagers.io");
  }

  @Test
  void theHelmChartWithoutPrometheusOperatorKindsIsAcceptedByTheServer() {
    String rendered =
        Tools.run(
                "helm",
                "template",
                "acm",
                DeployFiles.CHART,
                "--include-crds",
                "--namespace",
                TestKube.OPERATOR_NAMESPACE,
                "--set",
                "serviceMonitor.enabled=false",
                "--set",
                "prometheusRule.enabled=false",
                "--set",
                "grafanaDashboard.enabled=true")
            .successfulOutput();
    Kubectl.Result applied =
        kubectl.runWithInput(
            rendered,
            "apply",
            "--dry-run=server",
            "--validate=strict",
            "-n",
            TestKube.OPERATOR_NAMESPACE,
            "-f",
            "-");
    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("deployment.apps/")
        .contains("clusterrole.rbac.authorization.k8s.io/");
  }

  @Test
  void everyExampleIsAcceptedByTheServer() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
    for (Path example : examples) {
      for (String ns : namespacesIn(example)) {
        TestKube.ensureNamespace(admin, ns);
      }
      Kubectl.Result result =
          kubectl.run("apply", "--dry-run=server", "--validate=strict", "-f", example.toString());
      assertThat(result.exit()).as(example + ": " + result.err()).isZero();
      assertThat(result.out()).as(example.toString()).contains("(server dry run)");
    }
  }

  private static List<String> namespacesIn(Path example) throws IOException {
    return Files.readAllLines(example).stream()
        .map(String::strip)
        .filter(l -> l.startsWith("namespace:"))
        .map(l -> l.substring("namespace:".length()).strip())
        .toList();
  }
}
