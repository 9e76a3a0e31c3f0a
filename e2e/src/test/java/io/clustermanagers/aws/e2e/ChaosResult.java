package io.clustermanagers.aws.e2e;

import java.time.Duration;
import java.util.List;

/**
 * What one scenario showed: a row of the chaos table and, for a row that is not clean, the evidence
 * (which sequences ran twice, what ran above the ceiling, what was left).
 */
record ChaosResult(
    String scenario,
    long seed,
    int kills,
    ChaosWorld.FaultCount faults,
    List<String> duplicates,
    int maxOverCeiling,
    List<String> overCeiling,
    List<String> orphans,
    List<String> secretsLeft,
    List<String> unconverged,
    Duration maxConvergence,
    String error) {

  boolean clean() {
    return duplicates.isEmpty()
        && maxOverCeiling == 0
        && orphans.isEmpty()
        && secretsLeft.isEmpty()
        && unconverged.isEmpty()
        && error == null;
  }

  /** Why the row is not clean, with the seed to run it again. */
  String evidence() {
    StringBuilder text = new StringBuilder(scenario + " (seed " + seed + "):");
    if (error != null) {
      text.append("\n  error: ").append(error);
    }
    duplicates.forEach(d -> text.append("\n  duplicate: ").append(d));
    overCeiling.forEach(o -> text.append("\n  over the ceiling: ").append(o));
    orphans.forEach(o -> text.append("\n  orphan: ").append(o));
    secretsLeft.forEach(s -> text.append("\n  token secret left: ").append(s));
    unconverged.forEach(u -> text.append("\n  not converged: ").append(u));
    return text.toString();
  }
}
