package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Helm chart lints and renders the same operator as the Kustomize base. */
class HelmChartIT {
  private static RenderedManifests template(String... settings) {
    List<String> args = new ArrayList<>(List.of("template", "acm", DeployFiles.CHART));
    args.addAll(List.of("--namespace", "aws-cluster-operator", "--include-crds"));
    args.addAll(List.of("--kube-version", "1.30.0"));
    for (String setting : settings) {
      args.add("--set");
      args.add(setting);
    }
    return RenderedManifests.parse(
        Tools.run("helm", args.toArray(String[]::new)).successfulOutput());
  }

  @Test
  void chartLints() {
    String output = Tools.run("helm", "lint", "--strict", DeployFiles.CHART).successfulOutput();
    assertThat(output).contains("0 chart(s) failed");
  }

  @Test
  void defaultsRenderTheOperatorLikeTheKustomizeBase() {
    RenderedManifests chart = template();
    RenderedManifests base =
        RenderedManifests.parse(
            Tools.run("kubectl", "kustomize", DeployFiles.KUSTOMIZE_BASE).successfulOutput());

    assertThat(chart.kinds())
        .containsAll(RenderedManifests.OPERATOR_KINDS)
        .contains("ServiceMonitor", "PrometheusRule")
        .doesNotContain("ConfigMap");
    chart.assertOperatorDeployment();
    chart.assertServices();
    assertThat(chart.clusterPermissions()).isEqualTo(base.clusterPermissions());
    assertThat(chart.namespacedPermissions()).isEqualTo(base.namespacedPermissions());
    assertThat(
            chart
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources())
        .isEqualTo(
            base.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources());
  }

  @Test
  void prometheusRuleIsTheRulesFile() {
    GenericKubernetesResource rule =
        template().all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    JsonNode spec = DeployFiles.JSON.valueToTree(rule.getAdditionalProperties().get("spec"));
    assertThat(spec).isEqualTo(DeployFiles.yaml(DeployFiles.RULES));
  }

  @Test
  void valuesReachTheManifests() throws Exception {
    RenderedManifests chart =
        template(
            "replicaCount=3",
            "image.repository=registry.example/acm",
            "image.tag=1.2.3",
            "advertisedUrl=http://coordinator.internal:8081",
            "backends=ecs",
            "namespaces=research\\,sim",
            "serviceAccount.aws.roleArn=arn:aws:iam::111122223333:role/acm",
            "serviceMonitor.enabled=false",
            "prometheusRule.enabled=false",
            "grafanaDashboard.enabled=true");

    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/acm:1.2.3");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "ACM_ADVERTISED_URL", "http://coordinator.internal:8081"),
            org.assertj.core.groups.Tuple.tuple("ACM_BACKENDS", "ecs"),
            org.assertj.core.groups.Tuple.tuple("ACM_NAMESPACES", "research,sim"));
    assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/acm");
    assertThat(chart.kinds()).doesNotContain("ServiceMonitor", "PrometheusRule");
    String dashboard = chart.one(ConfigMap.class).getData().get("aws-cluster-operator.json");
    assertThat(DeployFiles.JSON.readTree(dashboard))
        .isEqualTo(DeployFiles.JSON.readTree(DeployFiles.read(DeployFiles.DASHBOARD)));
  }

  @Test
  void aTlsSecretMountsTheCertificateAndMakesTheDefaultUrlHttps() throws Exception {
    var pod =
        template("coordinator.tls.secretName=coordinator-tls")
            .one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getContainers().get(0).getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("ACM_ADVERTISED_URL", "https://$(POD_IP):8081"),
            org.assertj.core.groups.Tuple.tuple(
                "ACM_COORDINATOR_TLS_CERT_FILE",
                "/etc/aws-cluster-operator/coordinator-tls/tls.crt"),
            org.assertj.core.groups.Tuple.tuple(
                "ACM_COORDINATOR_TLS_KEY_FILE",
                "/etc/aws-cluster-operator/coordinator-tls/tls.key"));
    assertThat(pod.getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .contains("coordinator-tls");
    assertThat(template().one(Deployment.class).toString()).doesNotContain("TLS_CERT_FILE");
  }
}
