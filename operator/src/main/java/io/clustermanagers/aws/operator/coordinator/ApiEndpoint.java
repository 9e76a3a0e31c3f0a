package io.clustermanagers.aws.operator.coordinator;

import java.util.List;

/** The resources under {@code /v1/clusters/{ns}/{name}/} and the methods each accepts. */
enum ApiEndpoint {
  /** {@code .../workers}: list (GET) and register (POST). */
  WORKERS(List.of("GET", "POST")),
  /** {@code .../workers/{workerId}}: deregister. */
  WORKER(List.of("DELETE")),
  /** {@code .../workers/{workerId}/heartbeat}. */
  HEARTBEAT(List.of("PUT"));

  private final List<String> methods;

  ApiEndpoint(List<String> methods) {
    this.methods = methods;
  }

  /**
   * @throws RequestRejectedException 405 naming the allowed methods
   */
  void requireMethod(String method) {
    if (!methods.contains(method)) {
      throw RequestRejectedException.methodNotAllowed(method, methods);
    }
  }
}
