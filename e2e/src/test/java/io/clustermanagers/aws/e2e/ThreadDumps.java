package io.clustermanagers.aws.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Thread dumps of another JVM ({@code jcmd Thread.print}) at chosen points of a wave of {@code
 * patches} patches: {@code count} of them, evenly spread, each taken on a thread of its own so the
 * patches keep their pace, each written to {@code target/footprint-threads-<n>.txt}. A dump that
 * fails is noted in its file instead.
 */
final class ThreadDumps implements IntConsumer {
  private final long pid;
  private final int patches;
  private final int count;
  private final ExecutorService dumper = Executors.newSingleThreadExecutor();
  private int taken;

  ThreadDumps(long pid, int patches, int count) {
    this.pid = pid;
    this.patches = patches;
    this.count = count;
  }

  /** After the {@code done}-th patch of the wave. */
  @Override
  public void accept(int done) {
    if (taken < count && done >= (long) (taken + 1) * patches / (count + 1)) {
      int n = ++taken;
      dumper.execute(() -> write(n));
    }
  }

  /** Waits for the dumps asked for so far. */
  void await() throws InterruptedException {
    dumper.shutdown();
    dumper.awaitTermination(5, TimeUnit.MINUTES);
  }

  private void write(int n) {
    Path file = Path.of("target", "footprint-threads-" + n + ".txt");
    try {
      String dump;
      try {
        dump = JvmFootprint.threads(pid);
      } catch (Exception e) {
        dump = "jcmd Thread.print failed: " + e;
      }
      Files.writeString(file, dump);
    } catch (Exception e) {
      System.err.println("cannot write " + file + ": " + e);
    }
  }
}
