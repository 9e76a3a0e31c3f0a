package io.clustermanagers.aws.operator.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies one AwsCluster: its namespace and name (Kubernetes DNS labels). */
public record ClusterKey(String namespace, String name) {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ClusterKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /** True when both parts are valid Kubernetes names, so they are safe in URLs and job names. */
  public boolean isWellFormed() {
    return DNS_LABEL.matcher(namespace).matches()
        && name.length() <= 253
        && name.matches("[a-z0-9]([-.a-z0-9]*[a-z0-9])?");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
