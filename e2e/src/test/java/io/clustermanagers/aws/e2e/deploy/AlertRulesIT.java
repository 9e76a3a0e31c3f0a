package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alerting rules pass promtool's checks and their unit tests (realistic series). */
class AlertRulesIT {
  /** Issue 5's alerts: not Ready, workers lost, AWS errors and throttling, reconcile failures. */
  private static final List<String> REQUIRED_ALERTS =
      List.of(
          "AwsClusterNotReady",
          "AwsClusterWorkersLost",
          "AwsClusterAwsApiErrors",
          "AwsClusterAwsApiThrottled",
          "AwsClusterReconcileErrors");

  @Test
  void promtoolChecksTheRules() {
    String output = Tools.run("promtool", "check", "rules", DeployFiles.RULES).successfulOutput();
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void promtoolUnitTestsPass() {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    DeployFiles.yamlFiles(DeployFiles.RULE_TESTS).forEach(f -> args.add(f.toString()));
    assertThat(args).hasSizeGreaterThan(2);
    String output = Tools.run("promtool", args.toArray(String[]::new)).successfulOutput();
    assertThat(output).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsRequiredOrUnitTested() {
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : DeployFiles.yaml(DeployFiles.RULES).path("groups")) {
      group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText()));
    }
    String tests =
        String.join(
            "\n",
            DeployFiles.yamlFiles(DeployFiles.RULE_TESTS).stream()
                .map(p -> DeployFiles.read(DeployFiles.root().relativize(p).toString()))
                .toList());

    assertThat(alerts).containsAll(REQUIRED_ALERTS);
    assertThat(alerts)
        .allSatisfy(
            alert ->
                assertThat(tests)
                    .as("a promtool test that fires %s", alert)
                    .contains(
                        "alertname: " + alert + "\n        exp_alerts:\n          - exp_labels"));
  }
}
