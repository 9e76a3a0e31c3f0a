package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator over HTTPS on loopback, with a self-signed certificate made by the test. */
class CoordinatorTlsTest {
  private static final ClusterKey ALPHA = new ClusterKey("team-a", "alpha");
  private static final String TOKEN = "token-of-alpha";
  private static final String WORKERS = "/v1/clusters/team-a/alpha/workers";

  @TempDir Path dir;
  private final WorkerRegistry registry =
      new WorkerRegistry(new MutableClock(Instant.parse("2025-03-01T12:00:00Z")), key -> {});
  private SelfSignedCertificate certificate;
  private CoordinatorServer server;

  @BeforeEach
  void start() throws Exception {
    registry.openCluster(ALPHA, TOKEN, Duration.ofSeconds(10));
    certificate = SelfSignedCertificate.create(dir);
    server = startWith(certificate.tls());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private CoordinatorServer startWith(CoordinatorTls tls) throws Exception {
    return CoordinatorServer.start(
        registry,
        new InetSocketAddress("127.0.0.1", 0),
        2,
        new ObjectMapper(),
        RequestObserver.NONE,
        WatchSettings.DEFAULTS,
        Optional.of(tls));
  }

  private static HttpClient client(HttpClient.Builder builder) {
    return builder
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private HttpResponse<String> send(HttpClient http, String scheme, String method, String path)
      throws Exception {
    String body =
        method.equals("POST")
            ? "{\"workerId\": \"w-1\", \"address\": \"10.0.0.5\", \"port\": 8786}"
            : "";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + TOKEN)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClientThatTrustsTheCertificateRegistersHeartbeatsAndLists() throws Exception {
    HttpClient trusting = client(HttpClient.newBuilder().sslContext(certificate.trustingIt()));

    assertThat(send(trusting, "https", "POST", WORKERS).statusCode()).isEqualTo(200);
    assertThat(send(trusting, "https", "PUT", WORKERS + "/w-1/heartbeat").statusCode())
        .isEqualTo(204);
    assertThat(send(trusting, "https", "GET", WORKERS).body()).contains("\"w-1\"");
    assertThat(registry.workers(ALPHA))
        .extracting(RegisteredWorker::workerId)
        .containsExactly("w-1");
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
    HttpClient defaultTrust = client(HttpClient.newBuilder());

    assertThatThrownBy(() -> send(defaultTrust, "https", "POST", WORKERS))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX");
    assertThat(registry.workers(ALPHA)).isEmpty();
  }

  @Test
  void plainHttpToTheTlsPortIsA400ThatSaysHttpsOnly() throws Exception {
    HttpResponse<String> plain = send(client(HttpClient.newBuilder()), "http", "POST", WORKERS);

    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.body()).contains("HTTPS only");
    assertThat(registry.workers(ALPHA)).isEmpty();
  }

  @Test
  void aMissingKeyFileIsAnErrorNamingIt() {
    CoordinatorTls missing =
        new CoordinatorTls(certificate.certificateFile(), dir.resolve("no-such.key"));

    assertThatThrownBy(() -> startWith(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such.key");
  }

  @Test
  void aKeyFileThatIsNotAKeyIsAnErrorNamingIt() throws Exception {
    Path notAKey = Files.writeString(dir.resolve("not-a.key"), "hello");

    assertThatThrownBy(() -> startWith(new CoordinatorTls(certificate.certificateFile(), notAKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not-a.key");
  }
}
