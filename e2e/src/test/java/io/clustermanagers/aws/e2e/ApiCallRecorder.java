package io.clustermanagers.aws.e2e;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, on the operator's own Kubernetes client, which permission each request needs, so RBAC
 * can be compared with what the operator really does.
 */
final class ApiCallRecorder implements Interceptor {
  private final Set<ApiAccess> used = ConcurrentHashMap.newKeySet();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String path = request.uri().getRawPath();
    String query = request.uri().getRawQuery();
    ApiAccess.of(request.method(), query == null ? path : path + "?" + query).ifPresent(used::add);
  }

  Set<ApiAccess> used() {
    return Set.copyOf(used);
  }
}
