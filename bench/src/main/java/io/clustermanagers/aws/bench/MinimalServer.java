package io.clustermanagers.aws.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ceiling of an HTTP server on this machine: every request answered 204 at once, no
 * authentication, no registry. {@code bench/run.sh servers} drives each with the heartbeat load
 * shape, to tell what the coordinator's own work costs and what another server could buy. Writes
 * {@code port P} to {@code targets}, serves until {@code max-seconds} have passed (or it is
 * killed).
 */
public final class MinimalServer {
  private MinimalServer() {}

  /** A started server. */
  interface Running extends AutoCloseable {
    int port();
  }

  public static void main(String[] args) throws Exception {
    BenchArgs options =
        new BenchArgs(
            args,
            Map.of(
                "server", "jdk",
                "threads", "8",
                "backlog", "0",
                "targets", "server-targets.txt",
                "max-seconds", "300"));
    int threads = options.number("threads");
    try (Running server = start(options.text("server"), threads, options.number("backlog"))) {
      Files.write(Path.of(options.text("targets")), List.of("port " + server.port()));
      System.out.printf(
          "%s server on 127.0.0.1:%d, %d threads%n",
          options.text("server"), server.port(), threads);
      Thread.sleep(Duration.ofSeconds(options.number("max-seconds")).toMillis());
    }
  }

  /** {@code backlog} applies to the JDK server only (0: its default, 50). */
  private static Running start(String kind, int threads, int backlog) throws Exception {
    return switch (kind) {
      case "jdk" -> MinimalJdkServer.start(threads, backlog);
      case "jetty" -> MinimalJettyServer.start(threads);
      case "netty" -> MinimalNettyServer.start(threads);
      default -> throw new IOException("unknown server " + kind + " (jdk, jetty, netty)");
    };
  }
}
