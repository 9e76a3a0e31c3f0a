package io.clustermanagers.aws.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRecorderTest {
  private final List<AwsClusterStatus> writes = new ArrayList<>();
  private final StatusRecorder recorder =
      new StatusRecorder(
          (cluster, base, status) -> {
            writes.add(status);
            return null;
          });

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

  /** A fake API: a resourceVersion per write, conflicts when the base is not the latest. */
  private static final class VersionedApi implements StatusSink {
    private AwsCluster stored;
    private int version;
    private int writes;

    VersionedApi(AwsClusterStatus initial) {
      stored = versioned(initial);
    }

    private AwsCluster versioned(AwsClusterStatus status) {
      AwsCluster c = cluster(status);
      c.getMetadata().setResourceVersion(Integer.toString(++version));
      return c;
    }

    AwsCluster read() {
      AwsCluster copy = cluster(stored.getStatus());
      copy.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
      return copy;
    }

    /** Another writer (or a spec edit, which keeps the status) bumps the version. */
    void changeBySomeoneElse(AwsClusterStatus status) {
      stored = versioned(status);
    }

    @Override
    public String write(AwsCluster cluster, String baseVersion, AwsClusterStatus status) {
      if (!stored.getMetadata().getResourceVersion().equals(baseVersion)) {
        throw new StatusConflict("changed since " + baseVersion, read());
      }
      writes++;
      stored = versioned(status);
      return stored.getMetadata().getResourceVersion();
    }
  }

  @Test
  void writesAreConditionalOnTheVersionTheyWereComputedFrom() {
    VersionedApi api = new VersionedApi(status("Provisioning", 0));
    StatusRecorder writer = new StatusRecorder(api);
    AwsCluster cached = api.read();
    writer.record(cached, status("Provisioning", 5));
    // The informer has not caught up: the next write is based on the version this one produced.
    writer.record(cached, status("Running", 5));
    assertThat(api.writes).isEqualTo(2);
    assertThat(api.read().getStatus()).isEqualTo(status("Running", 5));
  }

  @Test
  void aSpecEditInBetweenIsWrittenOverKeepingTheLaunchIntent() {
    VersionedApi api = new VersionedApi(status("Provisioning", 0));
    StatusRecorder writer = new StatusRecorder(api);
    AwsCluster cached = api.read();
    api.changeBySomeoneElse(status("Provisioning", 0)); // a spec edit: same status, new version
    assertThat(writer.record(cached, status("Provisioning", 7))).isTrue();
    assertThat(api.read().getStatus().getNextLaunchSequence()).isEqualTo(7);
  }

  @Test
  void anotherWritersStatusIsNeverOverwritten() {
    VersionedApi api = new VersionedApi(status("Provisioning", 0));
    StatusRecorder staleLeader = new StatusRecorder(api);
    StatusRecorder newLeader = new StatusRecorder(api);
    AwsCluster seenByStale = api.read();
    staleLeader.record(seenByStale, status("Provisioning", 3));
    newLeader.record(api.read(), status("Provisioning", 8));

    assertThatThrownBy(() -> staleLeader.record(seenByStale, status("Running", 3)))
        .isInstanceOf(StatusConflict.class);
    assertThat(api.read().getStatus().getNextLaunchSequence())
        .as("the newer writer's launch intent stands")
        .isEqualTo(8);
    assertThat(staleLeader.current(api.read()).getNextLaunchSequence())
        .as("after the conflict the stale writer starts from the newer status")
        .isEqualTo(8);
  }
}
