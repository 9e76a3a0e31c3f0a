package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
