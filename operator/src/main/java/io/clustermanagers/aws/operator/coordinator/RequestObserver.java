package io.clustermanagers.aws.operator.coordinator;

/** Told about every coordinator request once it is answered (for metrics). */
@FunctionalInterface
public interface RequestObserver {
  RequestObserver NONE = (route, status) -> {};

  /**
   * @param route one of register, heartbeat, deregister, list, healthz, other
   * @param status the HTTP status answered
   */
  void answered(String route, int status);
}
