package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the coordinator's answers: JSON bodies, JSON errors, plain text and empty 204s. */
final class JsonResponder {
  private final ObjectMapper mapper;

  JsonResponder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", mapper.writeValueAsBytes(body));
  }

  void text(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  void noContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  void rejection(HttpExchange exchange, RequestRejectedException rejection) throws IOException {
    rejection.headers().forEach(exchange.getResponseHeaders()::set);
    error(exchange, rejection.status(), rejection.getMessage());
  }

  void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, new ErrorBody(message));
  }

  private void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** {@code {"error": "..."}} */
  record ErrorBody(String error) {}
}
