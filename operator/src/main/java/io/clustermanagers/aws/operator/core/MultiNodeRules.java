package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The checks of {@code spec.batch.multiNode} the CRD makes too (for standalone files and older
 * CRDs), and what the section means for the planner: one gang, its registration timeout.
 */
final class MultiNodeRules {
  private static final String FIELD = "spec.batch.multiNode";

  private MultiNodeRules() {}

  /** The section, when the spec asks for a multi-node job. */
  static Optional<MultiNodeSpec> of(AwsClusterSpec spec) {
    return Optional.ofNullable(spec.getBatch()).map(b -> b.getMultiNode());
  }

  static void check(MultiNodeSpec multiNode, int replicas, List<SpecError> errors) {
    Integer nodes = multiNode.getNodes();
    if (nodes != null && nodes != replicas) {
      errors.add(
          new SpecError(
              FIELD + ".nodes",
              "("
                  + nodes
                  + ") must equal spec.replicas ("
                  + replicas
                  + "), the node count: change both to resize the job, which replaces it"));
    }
    Integer main = multiNode.getMainNode();
    if (main != null && (main < 0 || (replicas > 0 && main >= replicas))) {
      errors.add(
          new SpecError(
              FIELD + ".mainNode",
              "(" + main + ") must be from 0 to spec.replicas - 1 (" + (replicas - 1) + ")"));
    }
    String onLoss = multiNode.getOnNodeLoss();
    if (onLoss != null
        && !onLoss.equals(MultiNodeSpec.REPLACE_GANG)
        && !onLoss.equals(MultiNodeSpec.CONTINUE)) {
      errors.add(
          new SpecError(
              FIELD + ".onNodeLoss",
              "\"" + onLoss + "\" is not one of " + MultiNodeSpec.REPLACE_GANG + ", Continue"));
    }
  }

  static GangPolicy policy(MultiNodeSpec multiNode) {
    return new GangPolicy(!MultiNodeSpec.CONTINUE.equals(multiNode.getOnNodeLoss()));
  }

  /** The nodes' registration timeout, which replaces spec.registrationTimeout. */
  static Duration registrationTimeout(MultiNodeSpec multiNode, List<SpecError> errors) {
    return SpecDurations.positive(
        FIELD + ".registrationTimeout", multiNode.getRegistrationTimeout(), "5m", errors);
  }
}
