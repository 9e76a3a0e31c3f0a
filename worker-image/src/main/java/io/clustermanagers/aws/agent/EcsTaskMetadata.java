package io.clustermanagers.aws.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The parts of the ECS task metadata (v4, {@code /task}) the agent uses.
 *
 * @param taskId the last path segment of {@code TaskARN}
 * @param ipv4Address {@code Containers[0].Networks[0].IPv4Addresses[0]}
 */
record EcsTaskMetadata(Optional<String> taskId, Optional<String> ipv4Address) {

  static final EcsTaskMetadata NONE = new EcsTaskMetadata(Optional.empty(), Optional.empty());

  private static final ObjectMapper JSON = new ObjectMapper();

  static EcsTaskMetadata parse(String json) throws JsonProcessingException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("task metadata is not a JSON object");
    }
    String taskArn = root.path("TaskARN").asText("");
    String address =
        root.path("Containers")
            .path(0)
            .path("Networks")
            .path(0)
            .path("IPv4Addresses")
            .path(0)
            .asText("");
    return new EcsTaskMetadata(
        nonBlank(taskArn.substring(taskArn.lastIndexOf('/') + 1)), nonBlank(address));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.of(value.trim()).filter(v -> !v.isEmpty());
  }
}
