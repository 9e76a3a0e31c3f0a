package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.model.ClusterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiRouteMatcherTest {
  private static final ClusterKey CLUSTER = new ClusterKey("ns", "name");

  private final ApiRouteMatcher matcher = new ApiRouteMatcher();

  @Test
  void matchesTheThreeResources() {
    assertThat(matcher.match("/v1/clusters/ns/name/workers"))
        .contains(new ApiRoute(ApiEndpoint.WORKERS, CLUSTER, null));
    assertThat(matcher.match("/v1/clusters/ns/name/workers/job:1"))
        .contains(new ApiRoute(ApiEndpoint.WORKER, CLUSTER, "job:1"));
    assertThat(matcher.match("/v1/clusters/ns/name/workers/job:1/heartbeat"))
        .contains(new ApiRoute(ApiEndpoint.HEARTBEAT, CLUSTER, "job:1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/clusters/ns/name",
        "/v1/clusters/ns/name/workers/",
        "/v1/clusters/ns//workers",
        "/v1/clusters/ns/name/workers/w/heartbeat/x",
        "/v1/clusters/ns/name/workers/w/pulse",
        "/v2/clusters/ns/name/workers",
        "/v1/cluster/ns/name/workers",
        "v1/clusters/ns/name/workers",
      })
  void doesNotMatchAnythingElse(String path) {
    assertThat(matcher.match(path)).isEmpty();
  }
}
