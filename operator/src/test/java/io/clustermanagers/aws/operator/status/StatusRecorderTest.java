package io.clustermanagers.aws.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRecorderTest {
  private final List<AwsClusterStatus> writes = new ArrayList<>();
  private final StatusRecorder recorder =
      new StatusRecorder((cluster, status) -> writes.add(status));

  private static AwsCluster cluster(AwsClusterStatus inApi) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder().withName("c").withNamespace("n").withUid("u-1").build());
    cluster.setStatus(inApi);
    return cluster;
  }

  private static AwsClusterStatus status(String phase, long nextSequence) {
    AwsClusterStatus status = new AwsClusterStatus();
    status.setPhase(phase);
    status.setNextLaunchSequence(nextSequence);
    return status;
  }

  @Test
  void skipsAWriteThatChangesNothing() {
    AwsCluster cluster = cluster(status("Running", 3));
    assertThat(recorder.record(cluster, status("Running", 3))).isFalse();
    assertThat(writes).isEmpty();
  }

  @Test
  void writesAChangeOnceAndRemembersIt() {
    AwsCluster cluster = cluster(status("Provisioning", 0));
    assertThat(recorder.record(cluster, status("Provisioning", 3))).isTrue();
    assertThat(recorder.record(cluster, status("Provisioning", 3))).isFalse();
    assertThat(writes).hasSize(1);
  }

  @Test
  void aStaleCacheDoesNotRollTheLaunchSequenceBack() {
    AwsCluster stale = cluster(status("Provisioning", 0));
    recorder.record(stale, status("Provisioning", 25));
    assertThat(recorder.current(stale).getNextLaunchSequence())
        .as("the informer still has the old status; the recorder knows better")
        .isEqualTo(25);
  }

  @Test
  void forgetDropsTheMemory() {
    AwsCluster cluster = cluster(status("Provisioning", 0));
    recorder.record(cluster, status("Provisioning", 25));
    recorder.forget(cluster);
    assertThat(recorder.current(cluster).getNextLaunchSequence()).isZero();
  }
}
