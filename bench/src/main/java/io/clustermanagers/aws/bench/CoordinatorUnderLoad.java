package io.clustermanagers.aws.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.operator.coordinator.CoordinatorServer;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistration;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real {@link CoordinatorServer} on loopback with {@code clusters × workers} registered
 * workers, for {@code bench/run.sh heartbeats}. It writes the targets file the wrk script reads
 * ({@code port P}, then one {@code namespace name token workers} line per cluster), serves until
 * {@code max-seconds} have passed (or it is killed) and prints its answers by route and status as
 * it exits.
 */
public final class CoordinatorUnderLoad {
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final String NAMESPACE = "bench";

  private CoordinatorUnderLoad() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    BenchArgs options =
        new BenchArgs(
            args,
            Map.of(
                "clusters", "1000",
                "workers", "100",
                "threads", "8",
                "targets", "coordinator-targets.txt",
                "max-seconds", "300"));
    int clusters = options.number("clusters");
    int workers = options.number("workers");
    WorkerRegistry registry = new WorkerRegistry(Clock.systemUTC(), key -> {});
    List<String> lines = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int c = 0; c < clusters; c++) {
      ClusterKey key = new ClusterKey(NAMESPACE, String.format("c%04d", c));
      String token = newToken(random);
      registry.openCluster(key, token, INTERVAL);
      for (int w = 0; w < workers; w++) {
        registry.register(key, new WorkerRegistration(workerId(w), "127.0.0.1", 0));
      }
      lines.add(key.namespace() + " " + key.name() + " " + token + " " + workers);
    }
    AnswerCounts answers = new AnswerCounts();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> System.out.println("coordinator answers: " + answers.snapshot())));
    try (CoordinatorServer server =
        CoordinatorServer.start(
            registry,
            new InetSocketAddress("127.0.0.1", 0),
            options.number("threads"),
            new ObjectMapper(),
            answers)) {
      lines.add(0, "port " + server.port());
      Files.write(Path.of(options.text("targets")), lines);
      System.out.printf(
          "coordinator on 127.0.0.1:%d: %d clusters x %d workers, %s threads%n",
          server.port(), clusters, workers, options.text("threads"));
      Thread.sleep(Duration.ofSeconds(options.number("max-seconds")).toMillis());
    }
  }

  /** The worker ids the wrk script derives from the worker count: w00000, w00001, ... */
  static String workerId(int index) {
    return String.format("w%05d", index);
  }

  private static String newToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
