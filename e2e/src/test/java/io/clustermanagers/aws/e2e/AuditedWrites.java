package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Counts writes in the test API server's audit log (one JSON line per request and stage). */
final class AuditedWrites {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete");

  private AuditedWrites() {}

  /** Completed writes of {@code user} to {@code resource} in {@code namespace}. */
  static long count(Path auditLog, String user, String resource, String namespace) {
    try (var lines = Files.lines(auditLog)) {
      return lines
          .map(AuditedWrites::parse)
          .filter(e -> e.path("stage").asText().equals("ResponseComplete"))
          .filter(e -> WRITES.contains(e.path("verb").asText()))
          .filter(e -> e.path("user").path("username").asText().equals(user))
          .filter(e -> e.path("objectRef").path("resource").asText().equals(resource))
          .filter(e -> e.path("objectRef").path("namespace").asText().equals(namespace))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * When each completed write of {@code user} to {@code resource} ({@code subresource}, or null for
   * the object itself) in {@code namespace} was received, in the part of the audit log between the
   * byte offsets {@code from} and {@code to} (sizes of the file taken before and after).
   */
  static List<Instant> between(
      Path auditLog,
      long from,
      long to,
      String user,
      String resource,
      String subresource,
      String namespace) {
    byte[] bytes = new byte[(int) (to - from)];
    try (RandomAccessFile in = new RandomAccessFile(auditLog.toFile(), "r")) {
      in.seek(from);
      in.readFully(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instant> at = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      JsonNode e = parse(line);
      JsonNode ref = e.path("objectRef");
      if (e.path("stage").asText().equals("ResponseComplete")
          && WRITES.contains(e.path("verb").asText())
          && e.path("user").path("username").asText().equals(user)
          && ref.path("resource").asText().equals(resource)
          && ref.path("subresource").asText("").equals(subresource == null ? "" : subresource)
          && ref.path("namespace").asText().equals(namespace)) {
        at.add(Instant.parse(e.path("requestReceivedTimestamp").asText()));
      }
    }
    return at;
  }

  /** The operator's ServiceAccount, as the audit log names it. */
  static String operatorUser() {
    return "system:serviceaccount:"
        + io.clustermanagers.aws.e2e.kube.TestKube.OPERATOR_NAMESPACE
        + ":"
        + io.clustermanagers.aws.e2e.kube.TestKube.OPERATOR_SERVICE_ACCOUNT;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return JSON.createObjectNode(); // a line being written as we read
    }
  }
}
