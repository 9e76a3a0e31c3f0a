package io.clustermanagers.aws.operator.coordinator;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * Matches {@code /v1/clusters/{ns}/{name}/workers[/{workerId}[/heartbeat]]}. Segments must be
 * non-empty; a trailing slash does not match.
 */
final class ApiRouteMatcher {
  private static final int WORKERS_SEGMENTS = 6;

  Optional<ApiRoute> match(String path) {
    String[] segments = path.split("/", -1);
    if (!hasWorkersPrefix(segments)) {
      return Optional.empty();
    }
    ClusterKey cluster = new ClusterKey(segments[3], segments[4]);
    return switch (segments.length) {
      case WORKERS_SEGMENTS -> Optional.of(new ApiRoute(ApiEndpoint.WORKERS, cluster, null));
      case WORKERS_SEGMENTS + 1 ->
          Optional.of(new ApiRoute(ApiEndpoint.WORKER, cluster, segments[6]));
      case WORKERS_SEGMENTS + 2 ->
          "heartbeat".equals(segments[7])
              ? Optional.of(new ApiRoute(ApiEndpoint.HEARTBEAT, cluster, segments[6]))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /**
   * {@code "", "v1", "clusters", ns, name, "workers", ...} with no empty segment after the first.
   */
  private static boolean hasWorkersPrefix(String[] segments) {
    return segments.length >= WORKERS_SEGMENTS
        && segments[0].isEmpty()
        && "v1".equals(segments[1])
        && "clusters".equals(segments[2])
        && "workers".equals(segments[5])
        && Arrays.stream(segments).skip(1).noneMatch(String::isEmpty);
  }
}
