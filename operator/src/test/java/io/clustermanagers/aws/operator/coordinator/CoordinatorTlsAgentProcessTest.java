package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.agent.AgentMain;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent, in a JVM of its own, against the coordinator over HTTPS with a self-signed
 * certificate: trusting it through ACM_COORDINATOR_CA_FILE, it registers and heartbeats; without
 * it, it never registers and says what to set.
 */
class CoordinatorTlsAgentProcessTest {
  private static final ClusterKey ALPHA = new ClusterKey("team-a", "alpha");
  private static final String TOKEN = "token-of-alpha";

  @TempDir Path dir;
  private final WorkerRegistry registry = new WorkerRegistry(Clock.systemUTC(), key -> {});
  private final List<Process> agents = new ArrayList<>();
  private SelfSignedCertificate certificate;
  private CoordinatorServer server;

  @BeforeEach
  void start() throws Exception {
    registry.openCluster(ALPHA, TOKEN, Duration.ofMillis(300));
    certificate = SelfSignedCertificate.create(dir);
    server =
        CoordinatorServer.start(
            registry,
            new InetSocketAddress("127.0.0.1", 0),
            2,
            new ObjectMapper(),
            RequestObserver.NONE,
            WatchSettings.DEFAULTS,
            Optional.of(certificate.tls()));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process agent : agents) {
      agent.destroyForcibly();
      agent.waitFor(30, TimeUnit.SECONDS);
    }
    server.close();
  }

  private Path agent(String workerId, Map<String, String> extra) throws IOException {
    Path stderr = dir.resolve(workerId + ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(
            ProcessHandle.current().info().command().orElseThrow(),
            "-XX:TieredStopAtLevel=1",
            "-Xmx64m",
            "-cp",
            System.getProperty("java.class.path"),
            AgentMain.class.getName());
    builder.environment().keySet().removeIf(name -> name.startsWith("ACM_"));
    builder.environment().put("ACM_COORDINATOR_URL", "https://127.0.0.1:" + server.port());
    builder.environment().put("ACM_CLUSTER_NAMESPACE", ALPHA.namespace());
    builder.environment().put("ACM_CLUSTER_NAME", ALPHA.name());
    builder.environment().put("ACM_TOKEN", TOKEN);
    builder.environment().put("ACM_WORKER_ID", workerId);
    builder.environment().put("ACM_WORKER_ADDRESS", "127.0.0.1");
    builder.environment().putAll(extra);
    builder.redirectErrorStream(true).redirectOutput(stderr.toFile());
    agents.add(builder.start());
    return stderr;
  }

  private Optional<RegisteredWorker> worker(String workerId) {
    return registry.workers(ALPHA).stream().filter(w -> w.workerId().equals(workerId)).findFirst();
  }

  @Test
  void anAgentTrustingTheCaFileRegistersAndHeartbeatsOverTls() throws Exception {
    agent("w-tls", Map.of("ACM_COORDINATOR_CA_FILE", certificate.certificateFile().toString()));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                worker("w-tls")
                    .filter(w -> w.lastHeartbeat().isAfter(w.registeredAt()))
                    .isPresent());
  }

  @Test
  void anAgentTrustingTheCaAsPemTextRegistersToo() throws Exception {
    agent("w-pem", Map.of("ACM_COORDINATOR_CA", Files.readString(certificate.certificateFile())));

    await().atMost(Duration.ofSeconds(60)).until(() -> worker("w-pem").isPresent());
  }

  @Test
  void anAgentThatDoesNotTrustTheCertificateNeverRegistersAndSaysWhatToSet() throws Exception {
    Path output = agent("w-untrusting", Map.of());

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(output).contains("ACM_COORDINATOR_CA_FILE"));
    assertThat(Files.readString(output)).contains("TLS certificate is not trusted");
    assertThat(worker("w-untrusting")).isEmpty();
  }
}
