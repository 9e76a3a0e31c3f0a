package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code python3 examples/dask/driver.py MODE -f FILE} as a user runs it, with this checkout's
 * Python client on its path and its output in a file. {@link #close()} kills it and whatever it
 * started (kubectl, the standalone run) if it has not ended.
 */
final class DaskDriver implements AutoCloseable {
  static final Path EXAMPLE = Path.of(System.getProperty("examples.dir", "../examples"), "dask");
  private static final Path CLIENT = Path.of("../clients/python/src");
  private final Process process;
  private final Path output;

  private DaskDriver(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts the driver; {@code env} is added to this JVM's environment less its ACM_* variables. */
  static DaskDriver start(String mode, Path clusterFile, Map<String, String> env, Path workdir)
      throws IOException {
    Path output = workdir.resolve("driver.out");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "python3",
                    EXAMPLE.resolve("driver.py").toAbsolutePath().toString(),
                    mode,
                    "-f",
                    clusterFile.toString(),
                    "--timeout",
                    "240"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("ACM_"));
    environment.put("PYTHONPATH", CLIENT.toAbsolutePath().normalize().toString());
    environment.putAll(env);
    return new DaskDriver(builder.start(), output);
  }

  /** Waits for the driver to end and returns its exit code; kills it if it takes longer. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError("the driver did not end within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** What the driver printed so far (stdout and stderr). */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** The driver's processes still alive: itself and its descendants. */
  List<ProcessHandle> alive() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants())
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
