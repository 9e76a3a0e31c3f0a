package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import java.util.List;

/**
 * What {@link PlanExecutor} did.
 *
 * @param launched the workers the backend reports launched in this pass
 * @param nextSequence the next launch sequence after this pass's launch
 * @param expected the launches expected after this pass's launch
 */
record Execution(List<BackendWorker> launched, long nextSequence, LaunchExpectations expected) {}
