package io.clustermanagers.aws.operator.coordinator;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One request as the handler chain sees it, free of the HTTP server's types.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path ({@code %23} is {@code #})
 * @param rawQuery the query as sent, or null when there is none
 * @param headers the first value of a header by its name (case-insensitive), or null
 * @param body the whole body, at most {@link CoordinatorServer#MAX_BODY_BYTES}
 */
record CoordinatorRequest(
    String method, String path, String rawQuery, UnaryOperator<String> headers, byte[] body) {

  CoordinatorRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  String header(String name) {
    return headers.apply(name);
  }
}
