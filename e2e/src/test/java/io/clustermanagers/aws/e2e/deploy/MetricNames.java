package io.clustermanagers.aws.e2e.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, and the names deploy/METRICS.md promises. Good
 * enough for our own alerts and dashboard: strings, label matchers, ranges and grouping clauses are
 * dropped, then every remaining identifier that is not a function or a keyword is a metric.
 */
public final class MetricNames {
  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w(])(?!\\s*\\()");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");
  private static final Pattern CONTRACT_ROW =
      Pattern.compile("^\\|\\s*`([a-z_:*]+)`\\s*\\|\\s*([a-z ]+?)\\s*\\|", Pattern.MULTILINE);
  private static final String[] HISTOGRAM_SERIES = {"_bucket", "_sum", "_count"};

  private MetricNames() {}

  /** Metric names selected by a PromQL expression or a Grafana label_values() query. */
  public static Set<String> in(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(promql);
    if (labelValues.find()) {
      names.add(labelValues.group(1));
      return names;
    }
    String bare = STRINGS.matcher(promql).replaceAll(" ");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      if (!KEYWORDS.contains(identifier.group(1))) {
        names.add(identifier.group(1));
      }
    }
    return names;
  }

  /**
   * Whether METRICS.md's table promises {@code name} (histogram series and `prefix_*` rows too).
   */
  static boolean promised(String contract, String name) {
    Matcher row = CONTRACT_ROW.matcher(contract);
    while (row.find()) {
      String promised = row.group(1);
      String type = row.group(2);
      if (promised.endsWith("*") && name.startsWith(promised.substring(0, promised.length() - 1))) {
        return true;
      }
      if (promised.equals(name)) {
        return true;
      }
      if (type.equals("histogram")) {
        for (String suffix : HISTOGRAM_SERIES) {
          if (name.equals(promised + suffix)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
