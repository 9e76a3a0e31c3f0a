package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.clustermanagers.aws.operator.controller.KubernetesStatusSink;
import io.clustermanagers.aws.operator.status.StatusConflict;
import io.clustermanagers.aws.operator.status.StatusRecorder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's status writer (StatusRecorder over KubernetesStatusSink) against the real API
 * server, which, unlike the mock, rejects a write based on a stale resourceVersion. Two writers are
 * two operator instances, each with its own client (the operator's ServiceAccount) and memory: a
 * stale ex-leader and its successor.
 */
class StatusWritesIT {
  private static final String NS = "research";
  private static KubeApiServer server;
  private static KubernetesClient admin;
  private static KubernetesClient exLeaderClient;
  private static KubernetesClient leaderClient;

  @BeforeAll
  static void start() {
    server = TestKube.shared();
    admin = server.adminClient();
    TestKube.ensureNamespace(admin, NS);
    String token = TestKube.operatorToken(server);
    exLeaderClient = server.client(token, b -> {});
    leaderClient = server.client(token, b -> {});
  }

  @AfterAll
  static void stop() {
    TestKube.removeAllClusters(admin);
    exLeaderClient.close();
    leaderClient.close();
    admin.close();
  }

  @Test
  void aStaleExLeaderCannotOverwriteItsSuccessorsStatus() {
    AwsCluster seenByExLeader = create("race");
    StatusRecorder exLeader = new StatusRecorder(new KubernetesStatusSink(exLeaderClient));
    StatusRecorder leader = new StatusRecorder(new KubernetesStatusSink(leaderClient));

    exLeader.record(seenByExLeader, status("Provisioning", 3));
    leader.record(read("race"), status("Provisioning", 8));

    assertThatThrownBy(() -> exLeader.record(seenByExLeader, status("Running", 3)))
        .isInstanceOf(StatusConflict.class);
    assertThat(read("race").getStatus().getNextLaunchSequence())
        .as("the successor's launch intent")
        .isEqualTo(8);
    assertThat(read("race").getStatus().getPhase()).isEqualTo("Provisioning");
  }

  @Test
  void aSpecEditInBetweenIsKeptAndSoIsTheLaunchIntent() {
    AwsCluster cached = create("edited");
    StatusRecorder writer = new StatusRecorder(new KubernetesStatusSink(leaderClient));
    admin
        .resources(AwsCluster.class)
        .inNamespace(NS)
        .withName("edited")
        .edit(
            c -> {
              c.getSpec().setReplicas(5);
              return c;
            });

    assertThat(writer.record(cached, status("Provisioning", 7))).isTrue();
    AwsCluster now = read("edited");
    assertThat(now.getStatus().getNextLaunchSequence()).isEqualTo(7);
    assertThat(now.getSpec().getReplicas()).as("the user's edit").isEqualTo(5);
  }

  @Test
  void writesFollowEachOtherWhileTheCacheLags() {
    AwsCluster cached = create("lagging");
    StatusRecorder writer = new StatusRecorder(new KubernetesStatusSink(leaderClient));
    writer.record(cached, status("Provisioning", 2));
    writer.record(cached, status("Provisioning", 4));
    writer.record(cached, status("Running", 4));
    assertThat(read("lagging").getStatus().getPhase()).isEqualTo("Running");
  }

  private static AwsCluster create(String name) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(2);
    cluster.setSpec(spec);
    return admin.resources(AwsCluster.class).inNamespace(NS).resource(cluster).create();
  }

  private static AwsCluster read(String name) {
    return admin.resources(AwsCluster.class).inNamespace(NS).withName(name).get();
  }

  private static AwsClusterStatus status(String phase, long next) {
    AwsClusterStatus status = new AwsClusterStatus();
    status.setPhase(phase);
    status.setNextLaunchSequence(next);
    return status;
  }
}
