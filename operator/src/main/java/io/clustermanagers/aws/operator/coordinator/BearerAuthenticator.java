package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.forbidden;
import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.gone;
import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.unauthorized;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.Optional;

/**
 * Finds the cluster a request's bearer token belongs to (401 when none, 410 when it belonged to a
 * cluster this process has closed) and checks that it is the cluster the request is about (403
 * otherwise). The token is first compared with the one cluster the path names, in constant time;
 * only a request that fails that comparison pays for a search of every open cluster, to tell 401,
 * 403 and 410 apart. Error messages never contain the token.
 */
final class BearerAuthenticator {
  private static final String SCHEME = "Bearer ";

  private final WorkerRegistry registry;

  BearerAuthenticator(WorkerRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param authorization the request's Authorization header, or null
   * @param named the cluster the request's path names, if its path is a route
   */
  ClusterKey authenticate(String authorization, Optional<ClusterKey> named) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw unauthorized("a bearer token is required in the Authorization header");
    }
    String token = authorization.substring(SCHEME.length()).trim();
    if (named.isPresent() && registry.grants(named.get(), token)) {
      return named.get();
    }
    return registry.clusterForToken(token).orElseThrow(() -> unknown(token));
  }

  private RequestRejectedException unknown(String token) {
    return registry
        .closedClusterForToken(token)
        .map(
            closed ->
                gone(
                    "cluster "
                        + closed
                        + " no longer exists (it was deleted or its run ended): stop this worker"))
        .orElseGet(() -> unauthorized("the bearer token belongs to no cluster"));
  }

  void requireAccess(ClusterKey caller, ClusterKey requested) {
    if (!caller.equals(requested)) {
      throw forbidden("the bearer token does not grant access to cluster " + requested);
    }
  }
}
