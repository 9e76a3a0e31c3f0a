package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DuplicateJobsTest {
  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void theOldestOfANameIsKeptWhateverItsStatusAndTheOrderListed() {
    BatchJob newer = job("b", "acm-u-0", T.plusSeconds(5), "RUNNING");
    BatchJob oldest = job("c", "acm-u-0", T, "FAILED");
    BatchJob other = job("a", "acm-u-10", T.plusSeconds(9), "RUNNING");

    DuplicateJobs.Split split = DuplicateJobs.split(List.of(newer, other, oldest));

    assertThat(split.kept()).containsExactly(oldest, other);
    assertThat(split.duplicates()).containsExactly(Map.entry(newer, oldest));
  }

  @Test
  void aTieOnCreationTimeIsBrokenByJobIdSoEveryOperatorKeepsTheSame() {
    BatchJob first = job("id-1", "acm-u-0", T, "RUNNING");
    BatchJob second = job("id-2", "acm-u-0", T, "RUNNING");

    assertThat(DuplicateJobs.split(List.of(second, first)).kept()).containsExactly(first);
    assertThat(DuplicateJobs.split(List.of(first, second)).kept()).containsExactly(first);
  }

  private static BatchJob job(String id, String name, Instant created, String status) {
    return new BatchJob(
        id,
        name,
        status,
        "",
        Optional.empty(),
        created,
        Optional.empty(),
        Optional.empty(),
        Optional.of(3),
        Map.of());
  }
}
