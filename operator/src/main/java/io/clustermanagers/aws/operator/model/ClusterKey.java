package io.clustermanagers.aws.operator.model;

import java.util.Objects;

/** Identifies one AwsCluster: its namespace and name (Kubernetes DNS labels). */
public record ClusterKey(String namespace, String name) {

  public ClusterKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
