package io.clustermanagers.aws.operator.backend.batch;

import java.util.Optional;

/**
 * The nodes a multinode job definition describes.
 *
 * @param numNodes its node count
 * @param mainNode its main node's index (SubmitJob cannot change it)
 * @param openRangeStart the lowest start of an open node range ({@code 0:}, {@code 1:}): SubmitJob
 *     may override the node count only when there is one and it starts below the new count
 */
record NodeLayout(int numNodes, int mainNode, Optional<Integer> openRangeStart) {

  /** Whether a job of {@code nodes} nodes can be submitted with this definition. */
  boolean allows(int nodes) {
    return nodes == numNodes
        || (openRangeStart.filter(start -> start < nodes).isPresent() && mainNode < nodes);
  }

  /** Whether SubmitJob must say the node count (it differs from the definition's). */
  boolean needsOverride(int nodes) {
    return nodes != numNodes;
  }
}
