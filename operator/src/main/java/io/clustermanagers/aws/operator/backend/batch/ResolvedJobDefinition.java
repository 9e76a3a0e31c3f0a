package io.clustermanagers.aws.operator.backend.batch;

import java.util.Optional;

/**
 * The job definition to submit with.
 *
 * @param reference what SubmitJob gets (a name, name:revision or ARN)
 * @param vcpus the vCPUs one worker asks for, when known (for the capacity check)
 */
record ResolvedJobDefinition(String reference, Optional<Double> vcpus) {}
