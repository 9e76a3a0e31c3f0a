package io.clustermanagers.aws.e2e.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A real Kubernetes API server for tests: Debian's etcd and a kube-apiserver built from the
 * published {@code k8s.io/kubernetes} module (by {@code e2e/build-kube-apiserver.sh}), both on free
 * loopback ports, with RBAC authorization, a static admin token (group system:masters) and
 * service-account signing keys so that TokenRequest works. Every write is in an audit log. Both
 * processes are stopped by {@link #close()}, and by a shutdown hook if a test run dies first.
 *
 * <p>No controller manager runs: owner references are not garbage collected and Deployments get no
 * pods.
 */
public final class KubeApiServer implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private final Path dir;
  private final String adminToken;
  private final int port;
  private String caPem;
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopProcesses, "kube-apiserver-stop");

  private KubeApiServer(Path dir, String adminToken, int port) {
    this.dir = dir;
    this.adminToken = adminToken;
    this.port = port;
  }

  /** Starts etcd and kube-apiserver and returns once {@code /readyz} answers ok. */
  public static KubeApiServer start() {
    try {
      return startIn(Files.createTempDirectory("acm-kube-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KubeApiServer startIn(Path dir) throws IOException {
    String adminToken = HexFormat.of().formatHex(randomBytes(24));
    Files.writeString(
        dir.resolve("tokens.csv"), adminToken + ",test-admin,test-admin,\"system:masters\"\n");
    writeServiceAccountKey(dir.resolve("sa.key"));
    Files.writeString(dir.resolve("audit-policy.yaml"), AUDIT_POLICY);
    int etcdPort = FreePorts.pick();
    int etcdPeerPort = FreePorts.pick();
    int apiPort = FreePorts.pick();
    KubeApiServer server = new KubeApiServer(dir, adminToken, apiPort);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.launch("etcd", etcdCommand(dir, etcdPort, etcdPeerPort));
      server.launch("kube-apiserver", apiServerCommand(dir, etcdPort, apiPort));
      server.awaitReady();
      // Self-signed by the server at start: the certificate is its own (and the clients') CA.
      server.caPem = Files.readString(dir.resolve("certs").resolve("apiserver.crt"));
      return server;
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
  }

  private static List<String> etcdCommand(Path dir, int port, int peerPort) {
    String client = "http://127.0.0.1:" + port;
    String peer = "http://127.0.0.1:" + peerPort;
    return List.of(
        "etcd",
        "--name=test",
        "--data-dir=" + dataDir(dir),
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=test=" + peer,
        "--log-level=warn");
  }

  /** etcd fsyncs every write: in memory where the machine has /dev/shm, the tests run faster. */
  private static String dataDir(Path dir) {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return shm.resolve("acm-etcd-" + dir.getFileName()).toString();
    }
    return dir.resolve("etcd").toString();
  }

  private static List<String> apiServerCommand(Path dir, int etcdPort, int port) {
    return List.of(
        KubeTools.kubeApiServer().toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--cert-dir=" + dir.resolve("certs"),
        "--token-auth-file=" + dir.resolve("tokens.csv"),
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + dir.resolve("sa.key"),
        "--service-account-signing-key-file=" + dir.resolve("sa.key"),
        "--authorization-mode=RBAC",
        "--service-cluster-ip-range=10.96.0.0/24",
        "--disable-admission-plugins=ServiceAccount",
        // 127.0.0.1 is not a valid endpoint address: there is no kubernetes Service to keep.
        "--endpoint-reconciler-type=none",
        "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
        "--audit-log-path=" + dir.resolve("audit.log"),
        "--audit-log-format=json",
        "--v=0");
  }

  private void launch(String name, List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    processes.add(process);
  }

  private void awaitReady() {
    // Only for this probe, before the server's self-signed certificate can be read.
    HttpClient http = HttpClient.newBuilder().sslContext(trustingEverything()).build();
    Instant deadline = Instant.now().plus(READY_WITHIN);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a process of the test API server exited with "
                  + p.exitValue()
                  + "; see the logs in "
                  + dir
                  + "\n"
                  + tail(dir.resolve("kube-apiserver.log"))
                  + tail(dir.resolve("etcd.log")));
        }
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                    .header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "kube-apiserver not ready within " + READY_WITHIN + ": " + last + "; logs in " + dir);
  }

  /** https://127.0.0.1:PORT */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  /** The folder holding the logs, the audit log and the kubeconfigs. */
  public Path dir() {
    return dir;
  }

  /** The API server's audit log (JSON lines), one line per request at the Metadata level. */
  public Path auditLog() {
    return dir.resolve("audit.log");
  }

  /** A client authenticated as the admin (group system:masters): for tests, never the operator. */
  public KubernetesClient adminClient() {
    return adminClient(b -> {});
  }

  /** An admin client built with {@code customize} (e.g. an interceptor that reads responses). */
  public KubernetesClient adminClient(Consumer<KubernetesClientBuilder> customize) {
    return client(adminToken, customize);
  }

  /** A client authenticated with {@code token}, trusting this server's certificate. */
  public KubernetesClient client(String token, Consumer<KubernetesClientBuilder> customize) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config(token));
    customize.accept(builder);
    return builder.build();
  }

  /** Client settings for {@code token} (no kubeconfig or environment of this machine is read). */
  public Config config(String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withCaCertData(base64(caPem))
        .withOauthToken(token)
        .withNamespace("default")
        .withRequestTimeout(30_000)
        .build();
  }

  /** A TokenRequest token of a ServiceAccount, as its pod would mount it (valid for an hour). */
  public String serviceAccountToken(String namespace, String serviceAccount) {
    try (KubernetesClient admin = adminClient()) {
      TokenRequest request =
          new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
      return admin
          .serviceAccounts()
          .inNamespace(namespace)
          .withName(serviceAccount)
          .tokenRequest(request)
          .getStatus()
          .getToken();
    }
  }

  /** The admin's kubeconfig (for the real kubectl). */
  public Path adminKubeconfig() {
    return kubeconfig("admin", adminToken);
  }

  /** A kubeconfig file that authenticates with {@code token}. */
  public Path kubeconfig(String name, String token) {
    Path file = dir.resolve(name + ".kubeconfig");
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: test
          context: {cluster: test, user: %s, namespace: default}
        current-context: test
        """
            .formatted(url(), base64(caPem), name, token, name);
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
    deleteQuietly(Path.of(dataDir(dir)));
  }

  private void stopProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void writeServiceAccountKey(Path file) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      Files.writeString(file, pem("PRIVATE KEY", pkcs8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the service-account key", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static SSLContext trustingEverything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class TrustEverything implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteQuietly(Path path) {
    try (var walk = Files.walk(path)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every request at the Metadata level: who did what to which resource, without bodies. */
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
      - level: Metadata
      """;
}
