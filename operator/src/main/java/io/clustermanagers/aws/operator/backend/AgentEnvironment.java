package io.clustermanagers.aws.operator.backend;

import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import io.clustermanagers.aws.api.v1alpha1.WorkerTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every backend gives a worker's agent (worker-image/PROTOCOL.md): the template's variables,
 * the CA of an {@code https://} coordinator (unless the template names one), then the coordinator
 * URL, the cluster's identity, the workload's port, how long to go on without the coordinator and
 * how to get its token; and the workload command (template command, then args). Backends only map
 * these to their own types and add their extras.
 */
public final class AgentEnvironment {
  /** The PEM text of the CA the agent trusts for an {@code https://} coordinator. */
  public static final String CA_VARIABLE = "ACM_COORDINATOR_CA";

  /** The agent's alternative: a PEM file in the worker's image. */
  public static final String CA_FILE_VARIABLE = "ACM_COORDINATOR_CA_FILE";

  private AgentEnvironment() {}

  /**
   * In order: the template's env, the coordinator's CA when it serves TLS and the template gives
   * the agent no CA of its own ({@code ACM_COORDINATOR_CA} or {@code ACM_COORDINATOR_CA_FILE}: the
   * user's choice wins, and the agent refuses both at once), then the agent's variables (which win
   * over a template variable of the same name).
   *
   * @param tokenEnvironment {@code ACM_TOKEN} or {@code ACM_TOKEN_SECRET_ARN}
   */
  public static Map<String, String> of(WorkerGroup group, Map<String, String> tokenEnvironment) {
    Map<String, String> env = new LinkedHashMap<>();
    WorkerTemplate template = group.spec().getTemplate();
    if (template != null && template.getEnv() != null) {
      for (EnvVar var : template.getEnv()) {
        env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
      }
    }
    if (!env.containsKey(CA_VARIABLE) && !env.containsKey(CA_FILE_VARIABLE)) {
      group.coordinator().trustedCa().ifPresent(pem -> env.put(CA_VARIABLE, pem));
    }
    env.put("ACM_COORDINATOR_URL", group.coordinator().url());
    env.put("ACM_CLUSTER_NAMESPACE", group.key().namespace());
    env.put("ACM_CLUSTER_NAME", group.key().name());
    env.put(
        "ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS",
        Long.toString(Math.max(1, group.coordinator().lossTimeout().toSeconds())));
    if (template != null && template.getPort() != null) {
      env.put("ACM_WORKER_PORT", Integer.toString(template.getPort()));
    }
    env.putAll(new TreeMap<>(tokenEnvironment));
    return env;
  }

  /** The workload: the template's command then its args; empty when the template has none. */
  public static List<String> workloadCommand(WorkerTemplate template) {
    List<String> command = new ArrayList<>();
    if (template != null) {
      command.addAll(template.getCommand() == null ? List.of() : template.getCommand());
      command.addAll(template.getArgs() == null ? List.of() : template.getArgs());
    }
    return command;
  }
}
