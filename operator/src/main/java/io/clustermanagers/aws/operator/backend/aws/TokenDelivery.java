package io.clustermanagers.aws.operator.backend.aws;

import io.clustermanagers.aws.api.v1alpha1.WorkerTemplate;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import java.util.Map;
import java.util.Optional;

/** How an AWS worker's agent learns its cluster's coordinator token. */
public interface TokenDelivery {

  /** Which way: {@code --aws-token-delivery}. */
  enum Mode {
    /**
     * A Secrets Manager secret per cluster; the agent gets its ARN ({@code ACM_TOKEN_SECRET_ARN})
     * and reads it with the job's or task's role. The default: the token is not in the job's or
     * task's environment, which anyone allowed to describe it can read.
     */
    SECRETS_MANAGER,
    /** The token itself as {@code ACM_TOKEN} (for an AWS without Secrets Manager). */
    ENVIRONMENT
  }

  /**
   * The agent's variables for the token, made ready (the secret written) before a launch.
   *
   * @param region the backend section's region (empty: the operator's default)
   */
  Map<String, String> agentEnvironment(WorkerGroup group, Optional<String> region)
      throws BackendException;

  /**
   * Removes what {@link #agentEnvironment} made, once the group's workers have all ended; safe to
   * repeat.
   */
  void release(WorkerGroup group, Optional<String> region) throws BackendException;

  /**
   * Whether the worker needs an IAM role of its own to get the token (a secret it reads); a
   * definition the operator registers from the template then needs {@code spec.template.roleArn}.
   */
  boolean needsWorkerRole();

  /**
   * Refuses to launch workers that could never get their token: a definition registered from a
   * template without {@code spec.template.roleArn} while the token is in a secret.
   */
  default void checkTemplateRole(WorkerTemplate template, String definitionField)
      throws BackendException {
    if (needsWorkerRole()
        && (template == null || template.getRoleArn() == null || template.getRoleArn().isBlank())) {
      throw BackendException.permanent(
          "WorkerRoleRequired",
          "spec.template.roleArn is required when the operator registers the worker definition"
              + " (no "
              + definitionField
              + "): workers read their token from Secrets Manager with that role, which needs"
              + " secretsmanager:GetSecretValue on aws-cluster-operator/* (or run the operator"
              + " with --aws-token-delivery=environment)",
          null);
    }
  }

  static TokenDelivery of(Mode mode, AwsClientFactory clients) {
    return switch (mode) {
      case SECRETS_MANAGER -> new SecretsManagerTokenDelivery(clients);
      case ENVIRONMENT -> new EnvironmentTokenDelivery();
    };
  }
}
