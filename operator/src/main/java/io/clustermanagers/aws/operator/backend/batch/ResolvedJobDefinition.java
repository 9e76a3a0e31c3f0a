package io.clustermanagers.aws.operator.backend.batch;

import java.util.Optional;

/**
 * The job definition to submit with.
 *
 * @param reference what SubmitJob gets (a name, name:revision or ARN)
 * @param vcpus the vCPUs one worker asks for, when known (for the capacity check)
 * @param nodes the node layout of a multinode definition; empty for a container definition
 */
record ResolvedJobDefinition(String reference, Optional<Double> vcpus, Optional<NodeLayout> nodes) {
  ResolvedJobDefinition(String reference, Optional<Double> vcpus) {
    this(reference, vcpus, Optional.empty());
  }
}
