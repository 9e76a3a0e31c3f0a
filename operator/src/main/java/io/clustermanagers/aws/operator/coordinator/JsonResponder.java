package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the coordinator's answers: JSON bodies, JSON errors, plain text and empty 204s. */
final class JsonResponder {
  static final String JSON = "application/json";
  private static final Answer.Full NO_CONTENT = new Answer.Full(204, null, new byte[0], Map.of());

  private final ObjectMapper mapper;

  JsonResponder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  Answer.Full json(int status, Object body) {
    try {
      return new Answer.Full(status, JSON, mapper.writeValueAsBytes(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the answer as JSON", e);
    }
  }

  Answer.Full text(int status, String body) {
    return new Answer.Full(
        status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  Answer.Full noContent() {
    return NO_CONTENT;
  }

  Answer.Full rejection(RequestRejectedException rejection) {
    Answer.Full error = error(rejection.status(), rejection.getMessage());
    return new Answer.Full(error.status(), JSON, error.body(), rejection.headers());
  }

  Answer.Full error(int status, String message) {
    return json(status, new ErrorBody(message));
  }

  /** {@code {"error": "..."}} */
  record ErrorBody(String error) {}
}
