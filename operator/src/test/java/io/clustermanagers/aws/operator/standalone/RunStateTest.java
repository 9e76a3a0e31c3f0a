package io.clustermanagers.aws.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's lock, token and port; a second process is {@code StandaloneRunIT}'s case. */
class RunStateTest {
  @TempDir Path root;
  private final AwsCluster cluster = new AwsCluster();

  private RunIdentity identity(String runId) throws Exception {
    return RunIdentity.of("research", "sim", Optional.ofNullable(runId));
  }

  @Test
  void aSecondRunOfTheSameIdentityIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
    try (RunState first = RunState.lock(root, identity(null))) {
      assertThatThrownBy(() -> RunState.lock(root, identity(null)))
          .isInstanceOf(RunState.AlreadyRunning.class)
          .hasMessageContaining("another run of research/sim is running")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("--run-id");
      RunState.lock(root, identity("exp-2")).close(); // another identity is another run
    }
    RunState.lock(root, identity(null)).close(); // free again once the first let go
  }

  @Test
  void theTokenAndPortOutliveARunThatDidNotStopItsWorkers() throws Exception {
    String token;
    try (RunState crashed = RunState.lock(root, identity(null))) {
      assertThat(crashed.earlierRunLeftWorkers()).isFalse();
      token = crashed.tokens().tokenFor(cluster);
      crashed.recordCoordinatorPort(41234);
    }
    Path tokenFile = root.resolve("research_sim").resolve("token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");

    try (RunState again = RunState.lock(root, identity(null))) {
      assertThat(again.earlierRunLeftWorkers()).isTrue();
      assertThat(again.tokens().tokenFor(cluster)).isEqualTo(token);
      assertThat(again.earlierCoordinatorPort()).hasValue(41234);
      again.forgetWorkers();
    }

    try (RunState fresh = RunState.lock(root, identity(null))) {
      assertThat(fresh.earlierRunLeftWorkers()).isFalse();
      assertThat(fresh.earlierCoordinatorPort()).isEmpty();
      assertThat(fresh.tokens().tokenFor(cluster)).isNotEqualTo(token);
    }
  }
}
