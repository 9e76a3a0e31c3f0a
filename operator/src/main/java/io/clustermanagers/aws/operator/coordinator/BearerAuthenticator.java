package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.forbidden;
import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.unauthorized;

import com.sun.net.httpserver.Headers;
import io.clustermanagers.aws.operator.model.ClusterKey;

/**
 * Finds the cluster a request's bearer token belongs to (401 when none) and checks that it is the
 * cluster the request is about (403 otherwise). Error messages never contain the token.
 */
final class BearerAuthenticator {
  private static final String SCHEME = "Bearer ";

  private final WorkerRegistry registry;

  BearerAuthenticator(WorkerRegistry registry) {
    this.registry = registry;
  }

  ClusterKey authenticate(Headers headers) {
    String authorization = headers.getFirst("Authorization");
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw unauthorized("a bearer token is required in the Authorization header");
    }
    String token = authorization.substring(SCHEME.length()).trim();
    return registry
        .clusterForToken(token)
        .orElseThrow(() -> unauthorized("the bearer token belongs to no cluster"));
  }

  void requireAccess(ClusterKey caller, ClusterKey requested) {
    if (!caller.equals(requested)) {
      throw forbidden("the bearer token does not grant access to cluster " + requested);
    }
  }
}
