package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.PartialLaunch;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A launch that failed part way, as the backend knows it (ECS: RunTask in calls of 10), leaves
 * expected only what may exist: a refused or never-sent sequence is launched again at once.
 */
class PartialLaunchExpectationsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static List<BackendWorker> workers(long first, long end) {
    return LongStream.range(first, end)
        .mapToObj(
            seq ->
                new BackendWorker(
                    "task-" + seq,
                    seq,
                    WorkerPhase.RUNNING,
                    T0,
                    Optional.of(T0),
                    Optional.empty(),
                    false,
                    ""))
        .toList();
  }

  private static int unseenAfter(PartialLaunch partial, List<BackendWorker> observed) {
    LaunchExpectations recorded =
        LaunchExpectations.none().with(0, 25, T0).afterPartialLaunch(0, 25, partial, T0);
    return LaunchExpectations.of(recorded.toStatus(), observed, T0.plusSeconds(5)).unseen();
  }

  @Test
  void aLostAnswerKeepsItsCallExpectedAndNotTheCallsNeverSent() {
    // Calls of 10: 0-9 answered, the answer of 10-19 lost, 20-24 never sent.
    PartialLaunch partial = new PartialLaunch(workers(0, 10), 10, 20);

    assertThat(unseenAfter(partial, workers(0, 10))).as("10-19 may exist").isEqualTo(10);
    assertThat(unseenAfter(partial, workers(0, 20))).as("the lost call's tasks seen").isZero();
  }

  @Test
  void refusedWorkersAreNotExpected() {
    PartialLaunch partial = PartialLaunch.known(workers(0, 2));

    assertThat(unseenAfter(partial, workers(0, 2))).isZero();
    assertThat(unseenAfter(partial, List.of())).as("the two launched, not yet shown").isEqualTo(2);
  }
}
