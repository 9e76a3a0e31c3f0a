package io.clustermanagers.aws.e2e;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Batch suite against a real AWS account, when {@code ACM_E2E_TARGET=aws} and {@code
 * ACM_E2E_STACK_NAME} (a stack of deploy/aws/batch-stack.yaml) are set; skipped otherwise. See
 * e2e/README.md for the stack, the permissions and what a run costs.
 */
@EnabledIf(
    value = "io.clustermanagers.aws.e2e.BatchTargets#awsSelected",
    disabledReason =
        "needs ACM_E2E_TARGET=aws, AWS credentials and region, and ACM_E2E_STACK_NAME (a stack of"
            + " deploy/aws/batch-stack.yaml, see e2e/README.md); moto runs the same suite in"
            + " BatchOperatorIT")
class BatchOperatorOnAwsIT extends BatchOperatorSuite {
  @Override
  BatchWorld startWorld() {
    return BatchTargets.aws();
  }
}
