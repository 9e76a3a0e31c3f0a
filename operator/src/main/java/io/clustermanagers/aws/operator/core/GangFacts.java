package io.clustermanagers.aws.operator.core;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the conditions of a gang cluster say beyond the worker counts: a job being replaced (a new
 * node count, a lost node) and a job left running short (onNodeLoss Continue).
 */
final class GangFacts {
  /** A condition's status, reason and message. */
  record Verdict(boolean status, String reason, String message) {}

  private final GangPolicy policy;
  private final int target;
  private final Optional<Gang> kept;
  private final List<Gang> leaving;

  GangFacts(GangPolicy policy, DesiredCluster desired, List<WorkerView> workers) {
    this.policy = policy;
    this.target = desired.targetReplicas();
    List<Gang> present =
        Gang.of(workers).stream()
            .filter(g -> g.nodes().stream().anyMatch(v -> v.state() != WorkerState.ENDED))
            .toList();
    this.kept =
        present.stream()
            .filter(g -> g.size() == target && g.isRunning())
            .max(Comparator.comparingLong(Gang::firstSequence));
    this.leaving = present.stream().filter(g -> !kept.equals(Optional.of(g))).toList();
  }

  /** Set while an old job is on its way out and a new one is wanted. */
  Optional<Verdict> progressing() {
    if (target > 0 && !leaving.isEmpty()) {
      Gang old = leaving.get(0);
      String message =
          old.size() != target
              ? "replacing " + old.describe() + " with " + Gang.aJobOf(target)
              : "replacing " + old.describe() + ", which lost a node, with a new one";
      return Optional.of(new Verdict(true, "ReplacingGang", message));
    }
    return shortGang().map(g -> new Verdict(false, "RunningShort", shortText(g)));
  }

  /** Set while the kept job runs without some of its nodes (onNodeLoss Continue). */
  Optional<Verdict> degraded() {
    return shortGang().map(g -> new Verdict(true, "NodeLost", shortText(g)));
  }

  private Optional<Gang> shortGang() {
    return policy.replaceOnLoss() ? Optional.empty() : kept.filter(g -> g.missing() > 0);
  }

  private static String shortText(Gang gang) {
    List<String> lost =
        gang.nodes().stream()
            .filter(v -> !v.isActive())
            .map(v -> Integer.toString(Gang.index(v)))
            .toList();
    return gang.describe()
        + " runs with "
        + gang.active().size()
        + " of its nodes (lost: "
        + (lost.isEmpty() ? "unseen nodes" : String.join(", ", lost))
        + "); onNodeLoss Continue keeps it until it ends, then a new job is submitted";
  }
}
