package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.Objects;

/**
 * A matched API path: the endpoint, the cluster in the path and, except for {@link
 * ApiEndpoint#WORKERS}, the worker id as it appears in the path (not yet validated).
 */
record ApiRoute(ApiEndpoint endpoint, ClusterKey cluster, String workerId) {

  ApiRoute {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(cluster, "cluster");
    if ((endpoint == ApiEndpoint.WORKERS) != (workerId == null)) {
      throw new IllegalArgumentException(endpoint + " and workerId " + workerId + " do not match");
    }
  }
}
