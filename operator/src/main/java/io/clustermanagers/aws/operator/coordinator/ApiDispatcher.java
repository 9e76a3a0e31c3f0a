package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.notFound;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.Optional;

/**
 * Serves everything but {@code /healthz}, in this order: 404 outside {@code /v1/}, 401 without a
 * known token (410 for the token of a cluster this process closed), 404 for an unknown route, 405
 * for a wrong method, 403 for another cluster's token, then the endpoint itself.
 */
final class ApiDispatcher implements ExchangeAction {
  private static final String API_PREFIX = "/v1/";

  private final BearerAuthenticator authenticator;
  private final ApiRouteMatcher routes;
  private final WorkerEndpoints endpoints;

  ApiDispatcher(
      BearerAuthenticator authenticator, ApiRouteMatcher routes, WorkerEndpoints endpoints) {
    this.authenticator = authenticator;
    this.routes = routes;
    this.endpoints = endpoints;
  }

  @Override
  public Answer serve(CoordinatorRequest request) {
    String path = request.path();
    if (!path.startsWith(API_PREFIX)) {
      throw notFound("no route for " + path);
    }
    Optional<ApiRoute> matched = routes.match(path);
    ClusterKey caller =
        authenticator.authenticate(request.header("Authorization"), matched.map(ApiRoute::cluster));
    ApiRoute route = matched.orElseThrow(() -> notFound("no route for " + path));
    route.endpoint().requireMethod(request.method());
    authenticator.requireAccess(caller, route.cluster());
    return endpoints.serve(route, request);
  }
}
