package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tags on every job: the user's, then the operator's ownership tags (which win). */
final class BatchTags {
  static final String MANAGED_BY = "aws.clustermanagers.io/managed-by";
  static final String OPERATOR = "aws-cluster-operator";
  static final String CLUSTER_UID = "aws.clustermanagers.io/cluster-uid";
  static final String CLUSTER = "aws.clustermanagers.io/cluster";

  private BatchTags() {}

  static Map<String, String> of(WorkerGroup group) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (group.spec().getBatch() != null && group.spec().getBatch().getTags() != null) {
      tags.putAll(group.spec().getBatch().getTags());
    }
    tags.put(MANAGED_BY, OPERATOR);
    tags.put(CLUSTER_UID, group.uid());
    tags.put(CLUSTER, group.key().namespace() + "/" + group.key().name());
    return tags;
  }
}
