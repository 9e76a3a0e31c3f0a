package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Kustomize and Helm cannot read files outside their folders, so deploy/ holds copies of the
 * generated CRD, the alerting rules and the dashboard. They must equal their source: run
 * deploy/sync-generated.sh when one of these fails.
 */
class GeneratedCopiesIT {
  private static final String FIX = "out of date: run deploy/sync-generated.sh";

  @Test
  void crdCopiesAreTheGeneratedCrd() {
    String generated = DeployFiles.read(DeployFiles.CRD);
    assertThat(
            DeployFiles.read("deploy/kustomize/base/crd/awsclusters.aws.clustermanagers.io-v1.yml"))
        .as("the Kustomize base's CRD " + FIX)
        .isEqualTo(generated);
    assertThat(
            DeployFiles.read(DeployFiles.CHART + "/crds/awsclusters.aws.clustermanagers.io-v1.yml"))
        .as("the Helm chart's CRD " + FIX)
        .isEqualTo(generated);
  }

  @Test
  void chartFilesAreTheMonitoringFiles() {
    assertThat(DeployFiles.read(DeployFiles.CHART + "/files/aws-cluster-operator.rules.yml"))
        .as("the Helm chart's rules " + FIX)
        .isEqualTo(DeployFiles.read(DeployFiles.RULES));
    assertThat(DeployFiles.read(DeployFiles.CHART + "/files/grafana-dashboard.json"))
        .as("the Helm chart's dashboard " + FIX)
        .isEqualTo(DeployFiles.read(DeployFiles.DASHBOARD));
  }

  @Test
  void kustomizePrometheusRuleHoldsTheRulesFile() {
    JsonNode rule = DeployFiles.yaml("deploy/kustomize/base/prometheusrule.yaml");
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("spec"))
        .as("the Kustomize PrometheusRule " + FIX)
        .isEqualTo(DeployFiles.yaml(DeployFiles.RULES));
  }
}
