package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.WorkerStatus;
import io.clustermanagers.aws.operator.core.ClusterLifetime;
import io.clustermanagers.aws.operator.core.PlanNote;
import io.clustermanagers.aws.operator.core.WorkerLimit;
import io.clustermanagers.aws.operator.status.Conditions;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The standalone terminal view: one line each time the picture changes (phase, counts, a limit that
 * holds the cluster back), a line per worker that joins, and every event (a limit's, naming it and
 * its flag, included). Plain lines, so it reads the same in a terminal and a log.
 */
final class ProgressView {
  private static final int BAR_WIDTH = 20;
  private static final List<String> LIMIT_REASONS =
      List.of(WorkerLimit.REASON, ClusterLifetime.REASON);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final PrintStream out;
  private final Clock clock;
  private final Set<String> joined = new HashSet<>();
  private String lastLine = "";

  ProgressView(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  synchronized void status(AwsCluster cluster, AwsClusterStatus status) {
    cluster.setStatus(status);
    for (WorkerStatus worker : status.getWorkers()) {
      if ("Ready".equals(worker.getState()) && joined.add(worker.getId())) {
        say("+ " + worker.getId() + " registered from " + worker.getAddress());
      }
    }
    int desired = cluster.getSpec().getReplicas() == null ? 0 : cluster.getSpec().getReplicas();
    int ready = orZero(status.getReadyReplicas());
    String line =
        String.format(
            "%s [%s] %d/%d ready, %d starting, %d lost%s%s",
            status.getPhase(),
            bar(ready, desired),
            ready,
            desired,
            orZero(status.getPendingReplicas()),
            orZero(status.getLostReplicas()),
            Conditions.isTrue(status.getConditions(), Conditions.READY) ? " - Ready" : "",
            limitReason(status));
    if (!line.equals(lastLine)) {
      lastLine = line;
      say(line);
    }
  }

  synchronized void event(AwsCluster cluster, PlanNote note) {
    say((note.warning() ? "! " : "  ") + note.reason() + ": " + note.message());
  }

  synchronized void say(String text) {
    LocalTime now = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault());
    out.println(TIME.format(now) + " " + text);
    out.flush();
  }

  /** " - WorkerLimitExceeded" or " - MaxLifetimeExceeded" while a limit holds the cluster back. */
  private static String limitReason(AwsClusterStatus status) {
    return LIMIT_REASONS.stream()
        .filter(
            reason ->
                Conditions.find(status.getConditions(), Conditions.PROGRESSING)
                    .filter(c -> reason.equals(c.getReason()))
                    .isPresent())
        .map(reason -> " - " + reason)
        .findFirst()
        .orElse("");
  }

  private static String bar(int ready, int desired) {
    int filled = desired == 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, ready * BAR_WIDTH / desired);
    return "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
