package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BatchJobNamesTest {
  private final WorkerGroup group =
      new WorkerGroup(
          new ClusterKey("ns", "sim"),
          "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
          new AwsClusterSpec(),
          new CoordinatorAccess("http://c", "t"));

  @Test
  void namesCarryTheWholeUidAndTheFirstSequence() {
    assertThat(BatchJobNames.name(group, 25)).isEqualTo("acm-0a1b2c3d4e5f6789abcdef0123456789-25");
    assertThat(BatchJobNames.prefix(group)).isEqualTo("acm-0a1b2c3d4e5f6789abcdef0123456789-");
  }

  @Test
  void theFirstSequenceIsReadBackOnlyFromOurNames() {
    assertThat(BatchJobNames.firstSequence(group, "acm-0a1b2c3d4e5f6789abcdef0123456789-25"))
        .isEqualTo(OptionalLong.of(25));
    assertThat(BatchJobNames.firstSequence(group, "acm-0a1b2c3d4e5f6789abcdef0123456789-x"))
        .isEmpty();
    assertThat(BatchJobNames.firstSequence(group, "acm-0a1b2c3d4e5f6789abcdef0123456789-"))
        .isEmpty();
    assertThat(BatchJobNames.firstSequence(group, "acm-0a1b2c3d-25")).isEmpty();
    assertThat(BatchJobNames.firstSequence(group, null)).isEmpty();
  }
}
