package io.clustermanagers.aws.e2e.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real Kubernetes binaries are: kube-apiserver as {@code e2e/build-kube-apiserver.sh}
 * caches it (the script builds it if missing and prints its path), etcd and kubectl on the PATH
 * ({@code e2e/install-test-tools.sh} installs them). The build runs both scripts before the ITs.
 */
public final class KubeTools {
  private static final Path BUILD_SCRIPT = Path.of("build-kube-apiserver.sh");
  private static Path kubeApiServer;

  private KubeTools() {}

  /** The cached kube-apiserver binary (built on first use on a machine that lacks it). */
  public static synchronized Path kubeApiServer() {
    if (kubeApiServer == null) {
      kubeApiServer = Path.of(runScript());
    }
    return kubeApiServer;
  }

  private static String runScript() {
    try {
      Process process =
          new ProcessBuilder("bash", BUILD_SCRIPT.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      String[] lines = out.strip().split("\n");
      String path = lines[lines.length - 1];
      if (exit != 0 || !Files.isExecutable(Path.of(path))) {
        throw new IllegalStateException(
            BUILD_SCRIPT.toAbsolutePath() + " exited " + exit + " without a binary: " + out);
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
