package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.badRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * Turns a register body {@code {"workerId": ..., "address": ..., "port": ...}} into a {@link
 * WorkerRegistration}, or rejects it with a 400 that names the problem. Unknown fields are ignored.
 */
final class WorkerRegistrationParser {
  private final ObjectReader reader;
  private final WorkerFieldValidator validator;

  WorkerRegistrationParser(ObjectMapper mapper, WorkerFieldValidator validator) {
    this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.validator = validator;
  }

  WorkerRegistration parse(byte[] body) {
    JsonNode root = readObject(body);
    String workerId = validator.workerId(text(root, "workerId"));
    String address = validator.address(text(root, "address"));
    int port = validator.port(port(root));
    return new WorkerRegistration(workerId, address, port);
  }

  private JsonNode readObject(byte[] body) {
    if (body.length == 0) {
      throw badRequest("the request body is empty; expected a JSON object");
    }
    JsonNode root;
    try {
      root = reader.readTree(body);
    } catch (JsonProcessingException e) {
      throw badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("malformed JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw badRequest("the request body must be a JSON object");
    }
    return root;
  }

  private String text(JsonNode root, String field) {
    JsonNode value = required(root, field);
    if (!value.isTextual()) {
      throw badRequest(field + " must be a string");
    }
    return value.textValue();
  }

  private int port(JsonNode root) {
    JsonNode value = required(root, "port");
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw badRequest(validator.portRule());
    }
    return value.intValue();
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw badRequest(field + " is required");
    }
    return value;
  }
}
