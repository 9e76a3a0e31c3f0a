package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** An AwsCluster as the owner of objects the operator creates for it (deleted with it). */
record ClusterOwner(ClusterKey key, String uid, String apiVersion, String kind) {

  static ClusterOwner of(AwsCluster cluster) {
    return new ClusterOwner(
        new ClusterKey(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName()),
        cluster.getMetadata().getUid(),
        cluster.getApiVersion(),
        cluster.getKind());
  }

  /** The controller reference (no blockOwnerDeletion: that would need more than the RBAC has). */
  OwnerReference reference() {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(key.name())
        .withUid(uid)
        .withController(true)
        .build();
  }

  /** Whether this cluster (this incarnation of the name) owns the object. */
  boolean owns(ObjectMeta metadata) {
    return metadata.getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
  }
}
