package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchWorkerMappingTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");

  private static BatchJob job(String status, String reason, Optional<Integer> exit) {
    return new BatchJob(
        "p:3",
        "acm-x-0",
        status,
        reason,
        exit,
        CREATED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  @Test
  void waitingStatusesArePendingAndKeepBatchsReason() {
    for (String status : new String[] {"SUBMITTED", "PENDING", "RUNNABLE", "STARTING"}) {
      assertThat(BatchWorkerMapping.phase(status)).isEqualTo(WorkerPhase.PENDING);
    }
    BackendWorker stuck =
        BatchWorkerMapping.worker(
            job("RUNNABLE", "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", Optional.empty()), 3, false);
    assertThat(stuck.phase()).isEqualTo(WorkerPhase.PENDING);
    assertThat(stuck.reason()).contains("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY");
  }

  @Test
  void endedJobsHaveAnEndAndTheExitCode() {
    BackendWorker failed =
        BatchWorkerMapping.worker(
            job("FAILED", "Essential container exited", Optional.of(3)), 7, false);
    assertThat(failed.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(failed.endedAt()).contains(CREATED);
    assertThat(failed.stopRequested()).isFalse();
    assertThat(failed.reason()).contains("Essential container exited", "exit code 3");
    assertThat(BatchWorkerMapping.phase("RUNNING")).isEqualTo(WorkerPhase.RUNNING);
    assertThat(BatchWorkerMapping.phase("SUCCEEDED")).isEqualTo(WorkerPhase.SUCCEEDED);
  }

  @Test
  void aJobTerminatedByTheOperatorIsRecognisedByItsReason() {
    String reason = BatchWorkerMapping.stopReason("scaling down");
    assertThat(
            BatchWorkerMapping.worker(job("FAILED", reason, Optional.empty()), 1, false)
                .stopRequested())
        .isTrue();
    assertThat(
            BatchWorkerMapping.worker(job("RUNNING", "", Optional.empty()), 1, true)
                .stopRequested())
        .isTrue();
    assertThat(BatchWorkerMapping.stopReason("x".repeat(400))).hasSizeLessThanOrEqualTo(250);
  }
}
