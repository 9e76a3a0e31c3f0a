package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.Optional;

/**
 * Before a multi-node job is submitted: does the definition allow this node count and main node,
 * and can the queue's EC2 capacity start all nodes at once? A no is permanent: the job would fail
 * at SubmitJob or wait in RUNNABLE forever.
 */
final class MultiNodeLaunchCheck {
  private MultiNodeLaunchCheck() {}

  static void check(
      WorkerGroup group,
      String queue,
      ResolvedJobDefinition definition,
      JobQueueInfo queueInfo,
      int nodes)
      throws BackendException {
    NodeLayout layout = definition.nodes().orElseThrow();
    MultiNodeSpec spec = group.spec().getBatch().getMultiNode();
    String named = group.spec().getBatch().getJobDefinition();
    if (spec.getMainNode() != null && spec.getMainNode() != layout.mainNode()) {
      throw mismatch(
          "job definition "
              + named
              + " has main node "
              + layout.mainNode()
              + " but spec.batch.multiNode.mainNode is "
              + spec.getMainNode()
              + ", and SubmitJob cannot change the main node: make them agree");
    }
    if (!layout.allows(nodes)) {
      throw mismatch(
          "job definition "
              + named
              + " has "
              + layout.numNodes()
              + " nodes (main node "
              + layout.mainNode()
              + ")"
              + layout.openRangeStart().map(s -> " and an open node range from " + s).orElse("")
              + ": Batch cannot run it with "
              + nodes
              + " nodes (spec.replicas); give it an open node range such as 0: (the count can"
              + " then be overridden) or set spec.replicas to "
              + layout.numNodes());
    }
    Optional<BackendException> tooSmall =
        CapacityCheck.multiNodeFits(queue, nodes, definition.vcpus(), queueInfo);
    if (tooSmall.isPresent()) {
      throw tooSmall.get();
    }
  }

  private static BackendException mismatch(String message) {
    return BackendException.permanent("JobDefinitionMismatch", message, null);
  }
}
