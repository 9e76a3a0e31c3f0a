package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EcsOwnershipTest {
  private static WorkerGroup group(String uid) {
    return new WorkerGroup(
        new ClusterKey("research", "sim"),
        uid,
        new AwsClusterSpec(),
        new CoordinatorAccess("http://c:8081", "secret"));
  }

  @Test
  void startedByIsTheWholeUidIn36Characters() {
    WorkerGroup g = group("3f2b1c9e-1111-2222-3333-444455556666");
    assertThat(EcsOwnership.startedBy(g))
        .isEqualTo("acm-3f2b1c9e111122223333444455556666")
        .hasSize(36);
  }

  @Test
  void anUnusualUidIsHashedToTheSameLength() {
    assertThat(EcsOwnership.startedBy(group("not a uuid, with spaces and more than 32 characters")))
        .hasSize(36)
        .matches("acm-[0-9a-f]{32}");
  }

  @Test
  void clientTokensDifferPerCallAndFit64Characters() {
    WorkerGroup g = group("3f2b1c9e-1111-2222-3333-444455556666");
    assertThat(EcsOwnership.clientToken(g, 0)).isNotEqualTo(EcsOwnership.clientToken(g, 10));
    assertThat(EcsOwnership.clientToken(g, Long.MAX_VALUE).length()).isLessThanOrEqualTo(64);
  }

  @Test
  void theCallsSequenceComesFromTheTagOrElseTheGroup() {
    assertThat(EcsOwnership.callFirstSequence(Map.of("acm/seq", "20"), "family:x")).contains(20L);
    assertThat(EcsOwnership.callFirstSequence(Map.of(), EcsOwnership.taskGroup(30)))
        .as("StopTask deleted the tags")
        .contains(30L);
    assertThat(EcsOwnership.callFirstSequence(Map.of(), "family:x")).isEqualTo(Optional.empty());
  }

  @Test
  void stopReasonsAreMarkedAndFit255Characters() {
    String reason = EcsOwnership.stopReason("x".repeat(300));
    assertThat(reason).hasSize(255);
    assertThat(EcsOwnership.stoppedByOperator(reason)).isTrue();
    assertThat(EcsOwnership.stoppedByOperator("Your Spot Task was interrupted.")).isFalse();
  }
}
