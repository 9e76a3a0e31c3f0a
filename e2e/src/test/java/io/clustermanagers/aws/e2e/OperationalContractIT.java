package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.e2e.deploy.DeployFiles;
import io.clustermanagers.aws.e2e.deploy.MetricNames;
import io.clustermanagers.aws.operator.backend.aws.AwsCallMetrics;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deploy/ files against a real run: one cluster is taken through its whole life (launch,
 * registration, a killed worker, scale-down, an invalid spec, deletion), then the RBAC rules must
 * be exactly the API calls the operator made, and every metric the alerts and the dashboard use
 * must appear in a real scrape.
 */
class OperationalContractIT {
  private static final String NS = "contract";

  /** JOSDK's leader election refuses to start without it, though the LeaseLock only patches. */
  private static final Set<ApiAccess> REQUIRED_BUT_NOT_CALLED =
      Set.of(new ApiAccess("coordination.k8s.io", "leases", "update"));

  /**
   * Called only when a status write meets a 409 (the resource is read again): whether this life has
   * one depends on timing. StatusWritesIT makes one happen with the operator's token.
   */
  private static final Set<ApiAccess> CALLED_ON_CONFLICT =
      Set.of(new ApiAccess("aws.clustermanagers.io", "awsclusters", "get"));

  private static OperatorHarness harness;
  private static String scrape;
  private static Set<ApiAccess> used;

  @BeforeAll
  static void runAClusterThroughItsLife() throws Exception {
    harness = new OperatorHarness();
    try {
      create();
      awaitReady(2);
      OperatorHarness.liveAgents().get(0).destroyForcibly();
      await().atMost(Duration.ofSeconds(60)).until(() -> failures() >= 1 && ready() == 2);
      edit(s -> s.setReplicas(1));
      awaitReady(1);
      // Accepted by the API server, judged invalid by the operator.
      edit(s -> s.setHeartbeatTimeout("0s"));
      await().atMost(Duration.ofSeconds(60)).until(() -> "Invalid".equals(phase()));
      edit(s -> s.setHeartbeatTimeout("5s"));
      await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase()));
      scrape = harness.management("/metrics").body();
      harness.clusters().inNamespace(NS).withName("life").delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> harness.clusters().inNamespace(NS).withName("life").get() == null);
      used = harness.operatorApiCalls();
    } finally {
      harness.close();
    }
  }

  @AfterAll
  static void noWorkerLeft() {
    assertThat(OperatorHarness.liveAgents()).isEmpty();
  }

  @Test
  void rbacGrantsExactlyWhatTheOperatorUses() {
    Set<ApiAccess> granted = new HashSet<>();
    for (JsonNode document :
        DeployFiles.yamlDocuments(DeployFiles.read(DeployFiles.KUSTOMIZE_BASE + "/rbac.yaml"))) {
      String kind = document.path("kind").asText();
      if (kind.equals("ClusterRole") || kind.equals("Role")) {
        for (JsonNode rule : document.path("rules")) {
          for (JsonNode group : rule.path("apiGroups")) {
            for (JsonNode resource : rule.path("resources")) {
              for (JsonNode verb : rule.path("verbs")) {
                granted.add(new ApiAccess(group.asText(), resource.asText(), verb.asText()));
              }
            }
          }
        }
      }
    }
    assertThat(sorted(used))
        .as("calls the operator made that RBAC does not grant")
        .isSubsetOf(sorted(granted));
    Set<ApiAccess> grantedButUnused = new HashSet<>(granted);
    grantedButUnused.removeAll(used);
    grantedButUnused.removeAll(CALLED_ON_CONFLICT);
    assertThat(sorted(grantedButUnused))
        .as("RBAC grants the operator never used")
        .isEqualTo(sorted(REQUIRED_BUT_NOT_CALLED));
  }

  @Test
  void everyMetricOfTheAlertsAndDashboardIsInARealScrape() throws Exception {
    Set<String> wanted = new TreeSet<>();
    for (JsonNode group : DeployFiles.yaml(DeployFiles.RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        wanted.addAll(MetricNames.in(rule.path("expr").asText()));
      }
    }
    for (JsonNode panel : DeployFiles.yaml(DeployFiles.DASHBOARD).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        wanted.addAll(MetricNames.in(target.path("expr").asText()));
      }
    }
    String awsScrape = awsCallScrape();
    Set<String> served = new TreeSet<>(namesIn(scrape));
    served.addAll(namesIn(awsScrape));
    assertThat(served).as("metric names in real scrapes").containsAll(wanted);
  }

  /** The AWS call metrics as the operator records them, from real calls to the emulator. */
  private static String awsCallScrape() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MotoServer moto = MotoServer.start();
        AwsClientFactory clients =
            new AwsClientFactory(moto.settings(new AwsCallMetrics(registry)))) {
      clients.batch(Optional.empty()).describeJobQueues();
      try {
        clients.ecs(Optional.empty()).listTasks(b -> b.cluster("missing"));
      } catch (software.amazon.awssdk.core.exception.SdkException expected) {
        // a failed call is recorded too
      }
    }
    return registry.scrape();
  }

  private static Set<String> namesIn(String text) {
    return text.lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }

  private static List<String> sorted(Set<ApiAccess> accesses) {
    return accesses.stream().map(ApiAccess::toString).sorted().toList();
  }

  private static void create() {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("life").withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(2);
    spec.setHeartbeatTimeout("5s");
    cluster.setSpec(spec);
    harness.clusters().inNamespace(NS).resource(cluster).create();
  }

  private static void edit(java.util.function.Consumer<AwsClusterSpec> change) {
    harness.editSpec(NS, "life", change);
  }

  private static void awaitReady(int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ready() == count && OperatorHarness.liveAgents().size() == count);
  }

  private static AwsCluster cluster() {
    return harness.clusters().inNamespace(NS).withName("life").get();
  }

  private static int ready() {
    AwsCluster c = cluster();
    return c == null || c.getStatus() == null || c.getStatus().getReadyReplicas() == null
        ? 0
        : c.getStatus().getReadyReplicas();
  }

  private static int failures() {
    AwsCluster c = cluster();
    return c == null || c.getStatus() == null || c.getStatus().getFailures() == null
        ? 0
        : c.getStatus().getFailures().getConsecutive();
  }

  private static String phase() {
    AwsCluster c = cluster();
    return c == null || c.getStatus() == null ? "" : c.getStatus().getPhase();
  }
}
