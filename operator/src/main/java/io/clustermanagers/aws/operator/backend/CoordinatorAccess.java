package io.clustermanagers.aws.operator.backend;

/** How a worker reaches its coordinator; {@link #toString()} never shows the token. */
public record CoordinatorAccess(String url, String token) {
  @Override
  public String toString() {
    return "CoordinatorAccess[url=" + url + ", token=***]";
  }
}
