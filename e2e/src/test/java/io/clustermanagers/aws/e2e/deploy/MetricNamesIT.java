package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alerts, their unit tests and the dashboard use only metric names that deploy/METRICS.md
 * promises (the operator's real scrape is compared with METRICS.md elsewhere).
 */
class MetricNamesIT {
  private final String contract = DeployFiles.read(DeployFiles.METRICS_CONTRACT);

  @Test
  void extractorFindsMetricsAndSkipsFunctionsLabelsAndKeywords() {
    assertThat(
            MetricNames.in(
                "sum by (namespace, name) (rate(awscluster_launches_total{state=\"x y\"}[5m]))"
                    + " / on (namespace) group_left ignoring(le) awscluster_ready > bool 0"
                    + " and histogram_quantile(0.9, sum by (le) (rate(foo_bucket[$__rate_interval])))"))
        .containsExactlyInAnyOrder("awscluster_launches_total", "awscluster_ready", "foo_bucket");
    assertThat(MetricNames.in("label_values(awscluster_ready{namespace=~\"$ns\"}, name)"))
        .containsExactly("awscluster_ready");
    assertThat(MetricNames.in("awscluster_workers{state=\"lost\"} offset 5m"))
        .containsExactly("awscluster_workers");
  }

  @Test
  void contractCheckAcceptsPromisedNamesOnly() {
    assertThat(MetricNames.promised(contract, "awscluster_ready")).isTrue();
    assertThat(MetricNames.promised(contract, "awscluster_registration_seconds_bucket")).isTrue();
    assertThat(MetricNames.promised(contract, "operator_sdk_reconciliations_failed_total"))
        .isTrue();
    assertThat(MetricNames.promised(contract, "awscluster_ready_bucket")).isFalse();
    assertThat(MetricNames.promised(contract, "awscluster_workers_total")).isFalse();
    assertThat(MetricNames.promised(contract, "up")).isFalse();
  }

  @Test
  void alertsUseOnlyPromisedMetrics() {
    Map<String, Set<String>> used = new TreeMap<>();
    for (JsonNode group : DeployFiles.yaml(DeployFiles.RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        used.put(rule.path("alert").asText(), MetricNames.in(rule.path("expr").asText()));
      }
    }
    assertOnlyPromised(used);
  }

  @Test
  void alertUnitTestsFeedOnlyPromisedMetrics() {
    Map<String, Set<String>> used = new TreeMap<>();
    DeployFiles.yamlFiles(DeployFiles.RULE_TESTS)
        .forEach(
            file -> {
              JsonNode tests = DeployFiles.yaml(DeployFiles.root().relativize(file).toString());
              for (JsonNode test : tests.path("tests")) {
                for (JsonNode series : test.path("input_series")) {
                  used.computeIfAbsent(test.path("name").asText(), k -> new TreeSet<>())
                      .addAll(MetricNames.in(series.path("series").asText()));
                }
              }
            });
    assertOnlyPromised(used);
  }

  @Test
  void dashboardUsesOnlyPromisedMetrics() {
    JsonNode dashboard = DeployFiles.yaml(DeployFiles.DASHBOARD);
    Map<String, Set<String>> used = new TreeMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        used.computeIfAbsent("panel " + panel.path("title").asText(), k -> new TreeSet<>())
            .addAll(MetricNames.in(target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asText() : query.asText();
      if (variable.path("type").asText().equals("query")) {
        used.put("variable " + variable.path("name").asText(), MetricNames.in(text));
      }
    }
    assertOnlyPromised(used);
  }

  private void assertOnlyPromised(Map<String, Set<String>> usedBy) {
    assertThat(usedBy).isNotEmpty();
    Map<String, Set<String>> unknown = new TreeMap<>();
    usedBy.forEach(
        (user, names) -> {
          assertThat(names).as("metrics used by %s", user).isNotEmpty();
          names.stream()
              .filter(name -> !MetricNames.promised(contract, name))
              .forEach(name -> unknown.computeIfAbsent(user, k -> new TreeSet<>()).add(name));
        });
    assertThat(unknown).as("metric names missing from deploy/METRICS.md").isEmpty();
  }
}
