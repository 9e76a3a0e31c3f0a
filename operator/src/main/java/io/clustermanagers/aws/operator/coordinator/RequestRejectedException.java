package io.clustermanagers.aws.operator.coordinator;

import java.util.Collection;
import java.util.Map;

/**
 * A request the coordinator answers with an error status and a JSON {@code {"error": ...}} body. An
 * expected outcome, not a failure, so it carries no stack trace.
 */
final class RequestRejectedException extends RuntimeException {
  private final int status;
  private final Map<String, String> headers;

  private RequestRejectedException(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  static RequestRejectedException badRequest(String message) {
    return new RequestRejectedException(400, message, Map.of());
  }

  static RequestRejectedException unauthorized(String message) {
    return new RequestRejectedException(401, message, Map.of("WWW-Authenticate", "Bearer"));
  }

  static RequestRejectedException forbidden(String message) {
    return new RequestRejectedException(403, message, Map.of());
  }

  static RequestRejectedException notFound(String message) {
    return new RequestRejectedException(404, message, Map.of());
  }

  static RequestRejectedException gone(String message) {
    return new RequestRejectedException(410, message, Map.of());
  }

  static RequestRejectedException methodNotAllowed(String method, Collection<String> allowed) {
    String allow = String.join(", ", allowed);
    return new RequestRejectedException(
        405, "method " + method + " is not allowed here; use " + allow, Map.of("Allow", allow));
  }

  static RequestRejectedException tooManyRequests(String message, int retryAfterSeconds) {
    return new RequestRejectedException(
        429, message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }

  static RequestRejectedException payloadTooLarge(int limitBytes) {
    return new RequestRejectedException(
        413, "the request body is larger than " + limitBytes + " bytes", Map.of());
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }
}
