package io.clustermanagers.aws.agent;

import java.util.Map;

/**
 * The main node's address for the workload on a node of a Batch multi-node parallel job. Batch sets
 * {@code AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS} on every node but the main one; the agent
 * sets it there too (to its own address), so that a workload reads one variable on every node, main
 * or not.
 */
final class MainNodeAddress {
  static final String VARIABLE = "AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS";
  static final String MAIN_NODE_INDEX = "AWS_BATCH_JOB_MAIN_NODE_INDEX";

  private MainNodeAddress() {}

  /** What the agent adds to the workload's environment: nothing off the main node. */
  static Map<String, String> forWorkload(EnvironmentVariables env, String ownAddress) {
    boolean onMainNode =
        env.optional(VARIABLE).isEmpty()
            && env.optional(MAIN_NODE_INDEX).isPresent()
            && env.optional(MAIN_NODE_INDEX).equals(env.optional(WorkerIdentity.BATCH_NODE_INDEX));
    return onMainNode ? Map.of(VARIABLE, ownAddress) : Map.of();
  }
}
