package io.clustermanagers.aws.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per judge of the invalid-AwsClusters table: how many cases ran and how many ended as expected.
 */
final class JudgeTally {
  private static final Map<String, String> HOW = new LinkedHashMap<>();

  static {
    HOW.put("schema", "422 via fabric8 and kubectl apply --validate=strict");
    HOW.put(
        "schema-strict", "dropped with a warning by default; 400 when strict (fabric8, kubectl)");
    HOW.put("cel", "422 via fabric8 and kubectl; transitions: created, then the change refused");
    HOW.put(
        "operator", "accepted (strict); Ready=False InvalidSpec, nothing launched, no AWS call");
  }

  private final Map<String, int[]> byJudge = new LinkedHashMap<>();

  JudgeTally() {
    HOW.keySet().forEach(judge -> byJudge.put(judge, new int[2]));
  }

  synchronized void counted(InvalidAwsClusterCase c) {
    byJudge.computeIfAbsent(c.judge(), j -> new int[2])[0]++;
  }

  synchronized void asExpected(InvalidAwsClusterCase c) {
    byJudge.get(c.judge())[1]++;
  }

  /** A plain-text table: judge, cases run, rejected as expected, and how. */
  synchronized String table(String serverVersion) {
    StringBuilder out =
        new StringBuilder(
            "invalid-awsclusters.yaml against kube-apiserver " + serverVersion + "\n");
    String row = "%-14s %5s  %-21s %s%n";
    out.append(String.format(row, "judge", "cases", "rejected as expected", "how"));
    int[] total = new int[2];
    byJudge.forEach(
        (judge, n) -> {
          out.append(String.format(row, judge, n[0], n[1], HOW.getOrDefault(judge, "")));
          total[0] += n[0];
          total[1] += n[1];
        });
    out.append(String.format(row, "total", total[0], total[1], ""));
    return out.toString();
  }
}
