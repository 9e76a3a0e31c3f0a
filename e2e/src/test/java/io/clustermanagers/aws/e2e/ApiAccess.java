package io.clustermanagers.aws.e2e;

import java.util.Optional;

/**
 * One RBAC permission as a request needs it: API group, resource (with subresource), verb.
 *
 * @param group "" for the core API
 * @param resource e.g. {@code awsclusters} or {@code awsclusters/status}
 */
record ApiAccess(String group, String resource, String verb) {

  /** The permission an HTTP request to the Kubernetes API needs, if it is a resource request. */
  static Optional<ApiAccess> of(String method, String pathAndQuery) {
    String[] split = pathAndQuery.split("\\?", 2);
    boolean watch = split.length > 1 && split[1].contains("watch=true");
    String[] parts = split[0].replaceFirst("^/", "").split("/");
    int at;
    String group;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      at = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      at = 3;
    } else {
      return Optional.empty();
    }
    if (parts.length > at + 1 && parts[at].equals("namespaces") && parts.length > at + 2) {
      at += 2;
    }
    String resource = parts[at];
    boolean named = parts.length > at + 1;
    if (parts.length > at + 2) {
      resource = resource + "/" + parts[at + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> named ? "get" : watch ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return Optional.of(new ApiAccess(group, resource, verb));
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
  }
}
