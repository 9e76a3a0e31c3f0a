package io.clustermanagers.aws.e2e.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine's real kubectl, pointed at one kubeconfig and nothing else of the user's. */
public final class Kubectl {
  private static final long TIMEOUT_SECONDS = 120;
  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** What one kubectl command printed and how it exited. */
  public record Result(int exit, String out, String err) {
    /** The output, or an exception naming the command and its error when it failed. */
    public String orThrow() {
      if (exit != 0) {
        throw new IllegalStateException("kubectl exited " + exit + ": " + err + out);
      }
      return out;
    }
  }

  /** Runs {@code kubectl ARGS} and waits for it (at most two minutes). */
  public Result run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code kubectl ARGS} with {@code stdin} as its standard input (e.g. for -f -). */
  public Result runWithInput(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("KUBECONFIG");
        Process process = builder.start();
        if (stdin != null) {
          process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl did not finish in 2 minutes: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
