package io.clustermanagers.aws.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The figures of {@link FootprintBench}, as they come, and its Markdown table. */
final class FootprintReport {
  private final int clusters;
  private final int workers;
  private final int sampled;
  private final String xmx;
  private final String aws;
  private final List<String> heapRows = new ArrayList<>();
  private final List<String> waveRows = new ArrayList<>();
  private final List<String> watchRows = new ArrayList<>();
  private final List<String> connectionNotes = new ArrayList<>();
  private String collector = "?";
  private String readiness = "";
  private String agents = "";
  private String atRest = "";

  /** {@code aws}: what answers the AWS calls ("moto", "the fast emulator"). */
  FootprintReport(int clusters, int workers, int sampled, String xmx, String aws) {
    this.aws = aws;
    this.clusters = clusters;
    this.workers = workers;
    this.sampled = sampled;
    this.xmx = xmx;
  }

  void collector(String heapInfoLine) {
    collector = heapInfoLine.replaceAll("\\s+total.*", "");
  }

  void heap(String moment, JvmFootprint f) {
    heapRows.add(
        String.format(
            "| %s | %.1f MB | %.1f MB | %.1f MB | %.1f MB |",
            moment,
            f.heapUsedMb(),
            f.heapCommittedKb() / 1024.0,
            f.metaspaceUsedKb() / 1024.0,
            f.rssKb() / 1024.0));
  }

  void toReady(Duration elapsed, int registered) {
    readiness =
        String.format(
            "every cluster Ready %d s after the first create (%d workers registered)",
            elapsed.toSeconds(), registered);
  }

  /** The AWS calls answered while every cluster was Ready and nothing changed. */
  void atRest(
      Duration window, Map<String, Long> before, Map<String, Long> after, long answerNanos) {
    Map<String, Long> delta = new java.util.TreeMap<>();
    after.forEach((op, n) -> delta.put(op, n - before.getOrDefault(op, 0L)));
    long total = delta.values().stream().mapToLong(Long::longValue).sum();
    double seconds = window.toMillis() / 1000.0;
    StringBuilder perOp = new StringBuilder();
    delta.forEach(
        (op, n) -> {
          if (n > 0) {
            perOp.append(String.format("%s %.1f/s, ", op, n / seconds));
          }
        });
    atRest =
        String.format(
            "At rest (every cluster Ready, %.0f s): %.1f AWS calls/s answered (%s), a call took"
                + " %.3f ms on average from reaching %s to its answer.",
            seconds,
            total / seconds,
            perOp.length() > 2 ? perOp.substring(0, perOp.length() - 2) : "none",
            total == 0 ? 0.0 : answerNanos / 1e6 / total,
            aws.equals("moto") ? "the proxy" : aws);
  }

  /** The TCP connections the operator opened to AWS for {@code calls} calls (-1: unknown). */
  void connections(String when, long calls, int connections) {
    if (connections >= 0) {
      connectionNotes.add(
          String.format("%s %d AWS calls over %d new connections", when, calls, connections));
    }
  }

  void agents(long heartbeats, long failures) {
    agents =
        String.format(
            "The fake agents sent %d heartbeats (%d failed or timed out) and registered every"
                + " worker the operator launched.",
            heartbeats, failures);
  }

  /** One scaling wave: latencies in nanoseconds, the status writes of its window. */
  void wave(
      String label,
      String action,
      List<Long> firstCall,
      Map<String, Integer> firstOperations,
      List<Long> firstAction,
      Duration window,
      StatusWriteTimeline writes,
      Set<String> churned) {
    double seconds = window.toMillis() / 1000.0;
    long toChurned = writes.count(churned);
    waveRows.add(
        String.format(
            "| %s | %s (%s) | %s (%s) | %d (%.1f per cluster, %.3f/s per cluster) | %d | %d | %d | %.0f |",
            label,
            percentiles(firstCall),
            firstOperations.toString().replaceAll("[{}]", ""),
            percentiles(firstAction),
            action.replace("/v1/", ""),
            toChurned,
            (double) toChurned / churned.size(),
            toChurned / (double) churned.size() / seconds,
            writes.maxPerCluster(),
            writes.maxPerClusterSecond(),
            writes.countOthers(churned),
            seconds));
  }

  /**
   * Where a wave's latency went: from the patch to the change reaching a watch of the bench (the
   * API server's part), and from there to the first AWS call (the operator's part, roughly: its
   * informer hears the change about when the bench's watch does).
   */
  void watch(String label, List<Long> toWatch, List<Long> watchToCall) {
    watchRows.add(
        String.format("| %s | %s | %s |", label, percentiles(toWatch), percentiles(watchToCall)));
  }

  /** p50 / p99 / max in ms, and how many, of nanosecond values (nearest rank). */
  static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "none";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format(
        "%.1f / %.1f / %.1f (n=%d)",
        rank(sorted, 0.50) / 1e6,
        rank(sorted, 0.99) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        sorted.size());
  }

  private static long rank(List<Long> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%d AwsClusters x %d Batch workers on %s (jobs held RUNNING; fake agents"
                + " register and heartbeat), the operator jar as its own JVM (-Xmx%s, %s) on the"
                + " real kube-apiserver; %s.%n%n",
            clusters, workers, aws, xmx, collector, readiness));
    out.append("| operator JVM | live heap after a full GC | heap committed | metaspace | RSS |\n");
    out.append("| --- | ---: | ---: | ---: | ---: |\n");
    heapRows.forEach(r -> out.append(r).append('\n'));
    out.append(
        String.format(
            "%n%d clusters spaced over the %d, one patch of spec.replicas (JSON merge) each; latency"
                + " from just before the patch request to the first AWS call concerning that"
                + " cluster reaching the proxy (one clock: the bench JVM's System.nanoTime).%n%n",
            sampled, clusters));
    out.append(
        "| wave | spec change → first AWS call, p50 / p99 / max ms | spec change → first action"
            + " call, p50 / p99 / max ms | operator status writes to the churned clusters | most"
            + " to one cluster | most to one cluster in 1 s | to the other clusters | window s"
            + " |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    waveRows.forEach(r -> out.append(r).append('\n'));
    out.append(
        "\n| wave | spec change → the change at a watch of the bench, p50 / p99 / max ms | that"
            + " watch event → first AWS call, p50 / p99 / max ms |\n");
    out.append("| --- | ---: | ---: |\n");
    watchRows.forEach(r -> out.append(r).append('\n'));
    out.append('\n').append(atRest).append(' ').append(agents).append('\n');
    if (!connectionNotes.isEmpty()) {
      out.append("\nConnections: ").append(String.join("; ", connectionNotes)).append(".\n");
    }
    return out.toString();
  }
}
