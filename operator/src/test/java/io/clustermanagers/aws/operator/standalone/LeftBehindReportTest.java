package io.clustermanagers.aws.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LeftBehindReportTest {
  private static final RunIdentity IDENTITY =
      new RunIdentity("default", "budget", Optional.of("exp-1"));

  private static BackendWorker task(int n, boolean stopAsked) {
    return new BackendWorker(
        "arn:aws:ecs:us-east-1:1:task/c/t" + n,
        n,
        WorkerPhase.RUNNING,
        Instant.EPOCH,
        Optional.of(Instant.EPOCH),
        Optional.empty(),
        stopAsked,
        "");
  }

  private static LeftBehindReport report(List<BackendWorker> workers, Optional<String> failed) {
    return new LeftBehindReport(
        IDENTITY,
        Path.of("budget.yaml"),
        Duration.ofSeconds(40),
        workers,
        failed,
        Optional.of("aws-cluster-operator/default/budget/uid-1"),
        Path.of("/state/default_budget_exp-1"));
  }

  @Test
  void itNamesWhatIsLeftWhoseItIsAndTheCommandThatFinishes() {
    String text =
        String.join("\n", report(List.of(task(1, true), task(2, false)), Optional.empty()).lines());

    assertThat(text)
        .contains("ran out of its 40s")
        .contains("default/budget (run id exp-1)")
        .contains("2 workers not confirmed stopped")
        .contains("task/c/t1 (RUNNING, stop asked for)")
        .contains("task/c/t2 (RUNNING, stop not yet asked for)")
        .contains("the token secret aws-cluster-operator/default/budget/uid-1")
        .contains("/state/default_budget_exp-1")
        .contains("aws-cluster-operator run -f budget.yaml --run-id exp-1 --stop");
  }

  @Test
  void manyWorkersAreCountedAndAFailedLookSaysSo() {
    List<String> many =
        report(IntStream.range(0, 25).mapToObj(n -> task(n, true)).toList(), Optional.empty())
            .lines();
    String unknown =
        String.join("\n", report(List.of(), Optional.of("ListTasks timed out")).lines());

    assertThat(many).filteredOn(l -> l.contains("task/c/t")).hasSize(LeftBehindReport.NAMED);
    assertThat(many).anyMatch(l -> l.contains("and 15 more"));
    assertThat(unknown).contains("unknown, a last look failed (ListTasks timed out)");
  }
}
