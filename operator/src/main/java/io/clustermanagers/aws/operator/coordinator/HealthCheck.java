package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.notFound;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;

/** {@code GET /healthz}: 200 {@code ok}, no token needed. */
final class HealthCheck implements ExchangeAction {
  static final String PATH = "/healthz";

  private final JsonResponder responder;

  HealthCheck(JsonResponder responder) {
    this.responder = responder;
  }

  @Override
  public Outcome serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!PATH.equals(path)) {
      throw notFound("no route for " + path);
    }
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method)) {
      throw RequestRejectedException.methodNotAllowed(method, List.of("GET"));
    }
    responder.text(exchange, 200, "ok");
    return Outcome.ANSWERED;
  }
}
