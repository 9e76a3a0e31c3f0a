package io.clustermanagers.aws.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The operator jar's standalone mode ({@code run -f FILE ...}) as a separate process. */
final class StandaloneProcess implements AutoCloseable {
  private static final Path JAR = Path.of(System.getProperty("operator.jar"));
  private final Process process;
  private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
  private final List<String> output = new CopyOnWriteArrayList<>();

  private StandaloneProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
              } catch (IOException | UncheckedIOException e) {
                output.add("reader stopped: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  static StandaloneProcess run(Path clusterFile, Map<String, String> env, String... flags)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                JAR.toString(),
                "run",
                "-f",
                clusterFile.toString()));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new StandaloneProcess(builder.start());
  }

  /** Every line printed so far (stdout and stderr). */
  List<String> output() {
    return output;
  }

  Process process() {
    return process;
  }

  /** SIGTERM, as a process manager or Ctrl-C would send; keeps our pipes open. */
  void terminate() {
    process.toHandle().destroy();
  }

  /**
   * {@code kill -9} of the run alone, as a crash or an OOM killer would end it: no shutdown hook
   * runs, and its workers are left behind (re-parented, so no longer {@link #descendants()}).
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * The live processes the run started (agents, workloads). Each one seen here is also killed by
   * {@link #close()}, even after the run itself has exited and they were left behind.
   */
  List<ProcessHandle> descendants() {
    List<ProcessHandle> live = process.descendants().filter(ProcessHandle::isAlive).toList();
    seen.addAll(live);
    return live;
  }

  @Override
  public void close() {
    descendants();
    seen.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
