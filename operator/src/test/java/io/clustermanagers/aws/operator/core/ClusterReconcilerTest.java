package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconciler's error paths, with a fake backend and in-memory sinks. */
class ClusterReconcilerTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final List<PlanNote> events = new ArrayList<>();
  private TokenSource tokens = cluster -> "token-1";

  /** Launches nothing: every launch fails after the intent was recorded. */
  private final TestingWorkerBackend failingLaunches =
      new TestingWorkerBackend(clock)
          .failLaunches(
              BackendException.transientFailure("TasksNotLaunched", "launched 0 of 3 tasks", null));

  private ClusterReconciler reconciler() {
    return TestCoreParts.with(clock, BackendType.LOCAL, failingLaunches)
        .statusTo(written)
        .eventsTo(events)
        .tokens(c -> tokens.tokenFor(c))
        .reconciler();
  }

  private static AwsCluster cluster() {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName("sim")
            .withNamespace("research")
            .withUid("6f1d0f0e-0000-4000-8000-000000000001")
            .withGeneration(1L)
            .build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(3);
    spec.getTemplate().setCommand(List.of("sleep", "60"));
    cluster.setSpec(spec);
    return cluster;
  }

  @Test
  void aFailedLaunchKeepsTheRecordedIntentSoSequenceNumbersAreNeverReused() {
    AwsCluster cluster = cluster();

    assertThatThrownBy(() -> reconciler().reconcile(cluster))
        .isInstanceOf(TransientBackendFailure.class);

    assertThat(written).extracting(AwsClusterStatus::getNextLaunchSequence).contains(3L);
    AwsClusterStatus last = written.get(written.size() - 1);
    assertThat(last.getNextLaunchSequence()).as("after the failure").isEqualTo(3L);
    assertThat(ready(last).getReason()).isEqualTo("TasksNotLaunched");
  }

  @Test
  void aTokenThatCannotBeHadIsShownOnTheResourceAndRetried() {
    tokens =
        c -> {
          throw new TokenSource.Unavailable("Secret research/sim-coordinator-token exists");
        };

    assertThatThrownBy(() -> reconciler().reconcile(cluster()))
        .isInstanceOf(TransientBackendFailure.class);

    Condition ready = ready(written.get(written.size() - 1));
    assertThat(ready.getReason()).isEqualTo("TokenSecretConflict");
    assertThat(ready.getMessage()).contains("sim-coordinator-token");
    assertThat(events).anyMatch(e -> e.reason().equals("TokenSecretConflict") && e.warning());
  }

  private static Condition ready(AwsClusterStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow();
  }
}
