package io.clustermanagers.aws.e2e;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Batch suite against LocalStack in Docker (Testcontainers), when {@code
 * ACM_E2E_TARGET=localstack} and {@code LOCALSTACK_AUTH_TOKEN} are set; skipped otherwise.
 */
@EnabledIf(
    value = "io.clustermanagers.aws.e2e.BatchTargets#localStackSelected",
    disabledReason =
        "needs ACM_E2E_TARGET=localstack, a Docker engine for Testcontainers and a LocalStack"
            + " licence that includes Batch (LOCALSTACK_AUTH_TOKEN); moto runs the same suite in"
            + " BatchOperatorIT")
class BatchOperatorOnLocalStackIT extends BatchOperatorSuite {
  @Override
  BatchWorld startWorld() throws Exception {
    return BatchTargets.localStack();
  }
}
