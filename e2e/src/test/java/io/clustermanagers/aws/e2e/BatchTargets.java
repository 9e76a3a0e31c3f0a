package io.clustermanagers.aws.e2e;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/**
 * The Batch suite's targets besides moto, chosen with {@code ACM_E2E_TARGET} ({@code localstack},
 * {@code aws}, or both, comma-separated). An unselected target's suite is disabled with a reason
 * saying what it would need; a selected one that cannot start fails, naming what is missing.
 */
final class BatchTargets {
  static final String TARGET = "ACM_E2E_TARGET";
  private static final Set<String> KNOWN = Set.of("localstack", "aws");

  private BatchTargets() {}

  /** For {@code @EnabledIf}: whether ACM_E2E_TARGET selects LocalStack. */
  static boolean localStackSelected() {
    return selected().contains("localstack");
  }

  /** For {@code @EnabledIf}: whether ACM_E2E_TARGET selects a real AWS account. */
  static boolean awsSelected() {
    return selected().contains("aws");
  }

  /** LocalStack (Pro) in Docker through Testcontainers, with the stack created in it. */
  static BatchWorld localStack() throws Exception {
    String token =
        required("LOCALSTACK_AUTH_TOKEN", "the licence key; LocalStack's Batch is a paid feature");
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          TARGET + "=localstack, but Testcontainers finds no Docker engine (DOCKER_HOST, socket)");
    }
    return LocalStackBatchWorld.start(
        optional("ACM_E2E_LOCALSTACK_IMAGE", LocalStackBatchWorld.DEFAULT_IMAGE),
        token,
        optional("ACM_E2E_WORKER_IMAGE", LocalStackBatchWorld.WORKER_IMAGE));
  }

  /** A real account, with a stack the user created from deploy/aws/batch-stack.yaml. */
  static BatchWorld aws() {
    return AwsBatchWorld.connect(
        required("ACM_E2E_STACK_NAME", "the stack of deploy/aws/batch-stack.yaml to run in"));
  }

  /** The selected targets; an unknown one fails every suite that asks. */
  private static Set<String> selected() {
    String value = System.getenv().getOrDefault(TARGET, "");
    Set<String> selected =
        Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    Set<String> unknown =
        selected.stream().filter(s -> !KNOWN.contains(s)).collect(Collectors.toSet());
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(
          TARGET + "=" + value + ": unknown " + unknown + "; use localstack, aws or both");
    }
    return selected;
  }

  private static String required(String variable, String what) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(variable + " is not set: " + what);
    }
    return value;
  }

  private static String optional(String variable, String fallback) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? fallback : value;
  }
}
