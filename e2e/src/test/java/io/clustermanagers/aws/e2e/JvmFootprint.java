package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another JVM's footprint as {@code jcmd} and {@code /proc} tell it: the live heap right after a
 * full GC ({@code GC.run}, then {@code GC.heap_info}), metaspace, the process's resident set, and
 * the heap's biggest classes ({@code GC.class_histogram}).
 */
record JvmFootprint(long heapUsedKb, long heapCommittedKb, long metaspaceUsedKb, long rssKb) {
  private static final Pattern HEAP = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
  private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /** A full GC in {@code pid}, then its heap and resident set. */
  static JvmFootprint afterFullGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher heap = HEAP.matcher(info);
    Matcher metaspace = METASPACE.matcher(info);
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    if (!heap.find() || !metaspace.find() || !rss.find()) {
      throw new IOException("unexpected jcmd/proc output:\n" + info);
    }
    return new JvmFootprint(
        Long.parseLong(heap.group(2)),
        Long.parseLong(heap.group(1)),
        Long.parseLong(metaspace.group(1)),
        Long.parseLong(rss.group(1)));
  }

  /** The first {@code lines} lines of the class histogram (live objects: it runs a full GC). */
  static String histogram(long pid, int lines) throws IOException, InterruptedException {
    return String.join("\n", jcmd(pid, "GC.class_histogram").lines().limit(lines).toList());
  }

  /** Every thread's stack ({@code Thread.print}). */
  static String threads(long pid) throws IOException, InterruptedException {
    return jcmd(pid, "Thread.print");
  }

  /** The first line of GC.heap_info: which collector. */
  static String collector(long pid) throws IOException, InterruptedException {
    return jcmd(pid, "GC.heap_info").lines().skip(1).findFirst().orElse("?").trim();
  }

  double heapUsedMb() {
    return heapUsedKb / 1024.0;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of("jcmd", Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed:\n" + out);
    }
    return out;
  }
}
