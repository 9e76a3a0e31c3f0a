package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The chaos suite's table: one row per scenario, then the evidence of the rows that failed. */
final class ChaosTable {
  private static final String FORMAT = "%-18s %5s %-44s %10s %12s %7s %8s %11s %9s%n";

  private ChaosTable() {}

  static String render(List<ChaosResult> results, String header) {
    StringBuilder text = new StringBuilder(header).append('\n');
    text.append(
        String.format(
            FORMAT,
            "scenario",
            "kills",
            "faults injected",
            "duplicates",
            "over ceiling",
            "orphans",
            "secrets",
            "unconverged",
            "max conv."));
    int kills = 0;
    int faults = 0;
    for (ChaosResult r : results) {
      kills += r.kills();
      faults += r.faults().total();
      text.append(
          String.format(
              FORMAT,
              r.scenario(),
              r.kills(),
              faults(r.faults()),
              r.duplicates().size(),
              r.maxOverCeiling(),
              r.orphans().size(),
              r.secretsLeft().size(),
              r.unconverged().size() + (r.error() == null ? "" : " +error"),
              r.maxConvergence().toMillis() / 1000.0 + "s"));
    }
    text.append(String.format("total: %d kills, %d faults injected%n", kills, faults));
    for (ChaosResult r : results) {
      if (!r.clean()) {
        text.append('\n').append(r.evidence()).append('\n');
      }
    }
    return text.toString();
  }

  private static String faults(ChaosWorld.FaultCount count) {
    if (count.total() == 0) {
      return "0";
    }
    return count.total()
        + " ("
        + count.byKind().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(ChaosTable::shortName)
            .collect(Collectors.joining(" "))
        + ")";
  }

  private static String shortName(Map.Entry<FaultProxy.Fault, Integer> e) {
    String name =
        switch (e.getKey()) {
          case THROTTLE -> "thr";
          case SERVER_ERROR -> "5xx";
          case TIMEOUT -> "tmo";
          case RESET -> "rst";
          case DROP_AFTER_APPLY -> "drop";
        };
    return name + "=" + e.getValue();
  }

  static void write(Path file, String table) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, table);
  }
}
