package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's CA handed to workers by the operator: a standalone run (the operator jar, a
 * process of its own) serves HTTPS with a self-signed certificate made by openssl, and its local
 * workers (real agent processes) register over TLS although the template names no CA. Before the
 * hand-off, such an agent never registered ("the coordinator's TLS certificate is not trusted").
 */
class StandaloneTlsIT {
  private static final String CLUSTER =
      """
      apiVersion: aws.clustermanagers.io/v1alpha1
      kind: AwsCluster
      metadata:
        name: tls-handoff
      spec:
        backend: local
        replicas: 2
        template:
          command: ["sh", "-c", "exec sleep 600"]
      """;

  @TempDir Path dir;

  /** tls.crt and tls.key as a Kubernetes TLS Secret mounts them (PKCS#8 key). */
  private void selfSignedCertificate() throws Exception {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=coordinator",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                dir.resolve("tls.key").toString(),
                "-out",
                dir.resolve("tls.crt").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
  }

  @Test
  void localWorkersRegisterOverTlsWithTheCaTheOperatorHandedThem() throws Exception {
    selfSignedCertificate();
    try (StandaloneProcess run =
        StandaloneProcess.run(
            Files.writeString(dir.resolve("cluster.yaml"), CLUSTER),
            Map.of("ACM_STATE_DIR", dir.resolve("state").toString()),
            "--local-log-dir",
            dir.resolve("logs").toString(),
            "--stop-grace",
            "PT3S",
            "--coordinator-tls-cert-file",
            dir.resolve("tls.crt").toString(),
            "--coordinator-tls-key-file",
            dir.resolve("tls.key").toString())) {
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(run.output()).anyMatch(l -> l.contains("2/2 ready")));
        assertThat(run.output())
            .anyMatch(l -> l.contains("coordinator listening at https://127.0.0.1:"))
            .filteredOn(l -> l.contains(" registered from 127.0.0.1"))
            .hasSize(2);
        assertThat(agentLogs())
            .as("what the agents were given")
            .noneMatch(l -> l.contains("not trusted"))
            .noneMatch(l -> l.contains("PRIVATE KEY"));

        run.terminate();

        await().atMost(Duration.ofSeconds(60)).until(() -> !run.process().isAlive());
        assertThat(run.output()).anyMatch(l -> l.contains("all workers stopped"));
      } finally {
        run.descendants();
      }
    }
  }

  private List<String> agentLogs() throws Exception {
    try (var files = Files.walk(dir.resolve("logs"))) {
      return files
          .filter(Files::isRegularFile)
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                  return java.util.stream.Stream.of();
                }
              })
          .toList();
    }
  }
}
