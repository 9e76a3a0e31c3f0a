package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapacityCheckTest {
  private final JobQueueInfo sixteen =
      new JobQueueInfo("q", "ENABLED", Map.of("a", Optional.of(8), "b", Optional.of(8)));

  @Test
  void minReadyThatCannotFitIsAPermanentFailureNamingTheNumbers() {
    BackendException failure =
        CapacityCheck.minReadyFits("q", 5, Optional.of(4.0), sixteen).orElseThrow();
    assertThat(failure.isPermanent()).isTrue();
    assertThat(failure.reason()).isEqualTo("InsufficientCapacity");
    assertThat(failure.getMessage()).contains("minReady 5", "20 vCPUs", "job queue q", "16 vCPUs");
  }

  @Test
  void fittingOrUnknownCapacityPasses() {
    assertThat(CapacityCheck.minReadyFits("q", 4, Optional.of(4.0), sixteen)).isEmpty();
    assertThat(CapacityCheck.minReadyFits("q", 50, Optional.empty(), sixteen)).isEmpty();
    JobQueueInfo unmanaged = new JobQueueInfo("q", "ENABLED", Map.of("u", Optional.empty()));
    assertThat(CapacityCheck.minReadyFits("q", 50, Optional.of(4.0), unmanaged)).isEmpty();
  }

  @Test
  void replicasBeyondCapacityOnlyWarn() {
    assertThat(CapacityCheck.replicasFit("q", 5, Optional.of(4.0), sixteen))
        .hasValueSatisfying(w -> assertThat(w).contains("20 vCPUs", "RUNNABLE"));
    assertThat(CapacityCheck.replicasFit("q", 4, Optional.of(4.0), sixteen)).isEmpty();
  }
}
