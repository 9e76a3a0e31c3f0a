package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.notFound;

import java.util.List;

/** {@code GET /healthz}: 200 {@code ok}, no token needed. */
final class HealthCheck implements ExchangeAction {
  static final String PATH = "/healthz";

  private final JsonResponder responder;

  HealthCheck(JsonResponder responder) {
    this.responder = responder;
  }

  @Override
  public Answer serve(CoordinatorRequest request) {
    if (!PATH.equals(request.path())) {
      throw notFound("no route for " + request.path());
    }
    if (!"GET".equals(request.method())) {
      throw RequestRejectedException.methodNotAllowed(request.method(), List.of("GET"));
    }
    return responder.text(200, "ok");
  }
}
