package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the command-line tools the deploy tests check with (kubectl, helm, promtool, cfn-lint) from
 * the repository root, with a timeout, capturing their output. A missing tool fails the test: the
 * test command ({@code mvn verify}) installs them with e2e/install-test-tools.sh.
 */
final class Tools {
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** What a finished command printed (stdout and stderr together) and how it exited. */
  record Result(List<String> command, int exitCode, String output) {
    /** The output, failing the test with the command and its output when it did not exit 0. */
    String successfulOutput() {
      assertThat(exitCode)
          .as("%s exited with %d:%n%s", String.join(" ", command), exitCode, output)
          .isZero();
      return output;
    }
  }

  private Tools() {}

  /** Runs {@code tool args...} in the repository root and waits for it. */
  static Result run(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(locate(tool).toString());
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("deploy-tool", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(DeployFiles.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          fail("%s did not finish in %s:%n%s", command, TIMEOUT, Files.readString(log));
        }
        return new Result(
            command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  /** The tool's executable: on PATH, else where go install puts it. */
  static Path locate(String tool) {
    return find(tool)
        .orElseGet(
            () ->
                fail(
                    "%s is not installed: `mvn verify` installs it (e2e/install-test-tools.sh,"
                        + " e2e/requirements.txt); run that script or install %s by hand",
                    tool, tool));
  }

  private static Optional<Path> find(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    Path goBin = Path.of(System.getProperty("user.home"), "go", "bin");
    return Stream.concat(
            Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(Path::of),
            Stream.of(goBin))
        .map(dir -> dir.resolve(tool))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
