package io.clustermanagers.aws.operator.backend.batch;

/**
 * Where one cluster's jobs go: the region's Batch calls and the queue.
 *
 * @param regionName the resolved region, used in cache keys and messages
 */
record BatchTarget(String regionName, String queue, BatchJobs jobs, BatchResourcesApi resources) {

  String regionKey() {
    return regionName;
  }
}
