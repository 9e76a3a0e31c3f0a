package io.clustermanagers.aws.operator.backend;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.model.ClusterKey;

/**
 * What a backend needs to know about one cluster: who it is, what it wants, and how its workers
 * reach the coordinator.
 *
 * @param uid the AwsCluster's UID (standalone: a stable id of the run); prefixes worker names
 */
public record WorkerGroup(
    ClusterKey key, String uid, AwsClusterSpec spec, CoordinatorAccess coordinator) {}
