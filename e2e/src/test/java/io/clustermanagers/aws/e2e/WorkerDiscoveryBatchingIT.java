package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.clustermanagers.aws.operator.controller.WorkerDiscovery;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistration;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkerDiscovery} alone against the real API server, as the operator's ServiceAccount (so
 * with the shipped RBAC only), fed by a registry that the test fills itself: bursts of joins are
 * written in a few batches however many workers join, heartbeats write nothing, slices hold at most
 * 1000 endpoints, a slice no longer needed is emptied rather than deleted, and after a restart the
 * slices found are kept while the workers register again. No operator runs, so nothing else writes
 * the slices.
 */
class WorkerDiscoveryBatchingIT {
  private static final String NS = "discovery-batch";
  private static final ClusterKey KEY = new ClusterKey(NS, "burst");
  private static final Duration BATCH = Duration.ofMillis(500);
  private KubeApiServer server;
  private KubernetesClient admin;
  private KubernetesClient operator;
  private AwsCluster cluster;

  @BeforeEach
  void createTheCluster() {
    server = TestKube.shared();
    admin = server.adminClient();
    operator = server.client(TestKube.operatorToken(server), b -> {});
    TestKube.ensureNamespace(admin, NS);
    AwsCluster resource = new AwsCluster();
    resource.setMetadata(new ObjectMetaBuilder().withName("burst").withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(1);
    resource.setSpec(spec);
    cluster = admin.resources(AwsCluster.class).resource(resource).create();
  }

  @AfterEach
  void removeTheCluster() {
    try {
      TestKube.removeAllClusters(admin);
    } finally {
      operator.close();
      admin.close();
    }
  }

  @Test
  void burstsAreBatchedSlicesSplitAtAThousandAndUnneededSlicesAreEmptied() throws Exception {
    WorkerRegistry registry = openRegistry();
    try (WorkerDiscovery discovery = discovery(registry, Duration.ofSeconds(30))) {
      discovery.track(cluster);
      long before = sliceWrites();
      Instant start = Instant.now();
      for (int i = 0; i < 1200; i++) {
        registry.register(KEY, worker(i));
        registry.heartbeat(KEY, "w-" + i);
      }
      Duration burst = Duration.between(start, Instant.now());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sizes().equals(Map.of("burst-workers-0", 1000, "burst-workers-1", 200)));
      long bound = 2 * (2 + burst.toMillis() / BATCH.toMillis());
      assertThat(sliceWrites() - before)
          .as(
              "writes for 1200 joins in %s ms with a %s ms batch",
              burst.toMillis(), BATCH.toMillis())
          .isLessThanOrEqualTo(bound)
          .isLessThan(1200 / 10);

      long settled = sliceWrites();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1200; i++) {
          assertThat(registry.heartbeat(KEY, "w-" + i)).isTrue();
        }
      }
      Thread.sleep(BATCH.multipliedBy(4).toMillis()); // long enough for a batch to be written
      assertThat(sliceWrites()).as("writes after 3600 heartbeats").isEqualTo(settled);

      for (int i = 600; i < 1200; i++) {
        registry.deregister(KEY, "w-" + i);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sizes().equals(Map.of("burst-workers-0", 600, "burst-workers-1", 0)));
    }
  }

  @Test
  void afterARestartTheSlicesFoundAreKeptWhileTheWorkersRegisterAgain() throws Exception {
    WorkerRegistry before = openRegistry();
    try (WorkerDiscovery discovery = discovery(before, Duration.ofSeconds(30))) {
      discovery.track(cluster);
      for (int i = 0; i < 5; i++) {
        before.register(KEY, worker(i));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sizes().equals(Map.of("burst-workers-0", 5)));
    }
    // A new operator: an empty registry, and only two workers have registered again so far.
    WorkerRegistry after = openRegistry();
    Duration grace = Duration.ofSeconds(4);
    try (WorkerDiscovery discovery = discovery(after, grace)) {
      Instant restarted = Instant.now();
      discovery.track(cluster);
      after.register(KEY, worker(0));
      after.register(KEY, worker(1));
      Thread.sleep(BATCH.multipliedBy(3).toMillis());
      if (Duration.between(restarted, Instant.now()).compareTo(grace) < 0) {
        assertThat(sizes()).as("within the grace").isEqualTo(Map.of("burst-workers-0", 5));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sizes().equals(Map.of("burst-workers-0", 2)));
    }
  }

  private WorkerRegistry openRegistry() {
    WorkerRegistry registry = new WorkerRegistry(Clock.systemUTC(), key -> {});
    registry.openCluster(KEY, "token-" + System.nanoTime(), Duration.ofSeconds(10));
    return registry;
  }

  private WorkerDiscovery discovery(WorkerRegistry registry, Duration grace) {
    WorkerDiscovery discovery =
        new WorkerDiscovery(operator, registry, BATCH, grace, Clock.systemUTC());
    registry.addListener(discovery);
    return discovery;
  }

  private static WorkerRegistration worker(int i) {
    return new WorkerRegistration("w-" + i, "10.1." + (i / 250) + "." + (i % 250 + 1), 8786);
  }

  /** Endpoints per slice of the cluster's Service, by slice name. */
  private Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new TreeMap<>();
    for (EndpointSlice slice :
        admin
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(NS)
            .withLabel("kubernetes.io/service-name", "burst-workers")
            .list()
            .getItems()) {
      sizes.put(
          slice.getMetadata().getName(),
          slice.getEndpoints() == null ? 0 : slice.getEndpoints().size());
    }
    return sizes;
  }

  private long sliceWrites() {
    return AuditedWrites.count(
        server.auditLog(), AuditedWrites.operatorUser(), "endpointslices", NS);
  }
}
