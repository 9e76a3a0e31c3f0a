package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secrets Manager half of {@link FastBatchEmulator}: the three calls the operator's token
 * delivery makes (CreateSecret, PutSecretValue, DeleteSecret), secrets by name or ARN, and the
 * errors it relies on (ResourceExistsException, ResourceNotFoundException). A version per write,
 * but a repeated request token is not deduplicated; no GetSecretValue, no recovery window.
 */
final class FastSecrets {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An error Secrets Manager would answer: its {@code __type} and message. */
  static final class Failure extends Exception {
    final String type;

    Failure(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private record Secret(String name, String arn, String value) {}

  private final Map<String, Secret> byName = new ConcurrentHashMap<>();

  /** Secrets that exist now. */
  int count() {
    return byName.size();
  }

  /** The answer to {@code secretsmanager.<operation>}. */
  JsonNode answer(String operation, JsonNode request) throws Failure {
    return switch (operation) {
      case "CreateSecret" -> create(request);
      case "PutSecretValue" -> put(request);
      case "DeleteSecret" -> delete(request);
      default -> throw new Failure("InvalidRequestException", "not emulated: " + operation);
    };
  }

  private JsonNode create(JsonNode request) throws Failure {
    String name = request.path("Name").asText();
    Secret created = new Secret(name, arn(name), request.path("SecretString").asText());
    if (byName.putIfAbsent(name, created) != null) {
      throw new Failure("ResourceExistsException", "the secret " + name + " already exists");
    }
    return written(created);
  }

  private JsonNode put(JsonNode request) throws Failure {
    Secret known = find(request.path("SecretId").asText());
    Secret next = new Secret(known.name(), known.arn(), request.path("SecretString").asText());
    byName.put(known.name(), next);
    return written(next);
  }

  private JsonNode delete(JsonNode request) throws Failure {
    Secret known = find(request.path("SecretId").asText());
    byName.remove(known.name());
    return JSON.createObjectNode()
        .put("ARN", known.arn())
        .put("Name", known.name())
        .put("DeletionDate", System.currentTimeMillis() / 1000.0);
  }

  private Secret find(String id) throws Failure {
    Secret known = byName.get(id);
    if (known == null) {
      known = byName.values().stream().filter(s -> s.arn().equals(id)).findFirst().orElse(null);
    }
    if (known == null) {
      throw new Failure("ResourceNotFoundException", "Secrets Manager can't find the secret " + id);
    }
    return known;
  }

  private static ObjectNode written(Secret secret) {
    return JSON.createObjectNode()
        .put("ARN", secret.arn())
        .put("Name", secret.name())
        .put("VersionId", UUID.randomUUID().toString());
  }

  private static String arn(String name) {
    // Secrets Manager appends six random characters to the name in the ARN
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    return "arn:aws:secretsmanager:"
        + FastBatchEmulator.REGION
        + ":"
        + FastBatchJobs.ACCOUNT
        + ":secret:"
        + name
        + "-"
        + suffix;
  }
}
