package io.clustermanagers.aws.agent;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Starts the workload: the agent's arguments as a child process sharing the agent's stdin, stdout
 * and stderr, or {@link IdleWorkload} when there are none. The child gets the agent's environment
 * without {@code ACM_TOKEN} or {@code ACM_TOKEN_SECRET_ARN} (it has no use for the cluster's
 * secret), with the resolved {@code ACM_WORKER_ID} and with what the config adds (the main node's
 * address on the main node of a multi-node job).
 */
final class WorkloadLauncher {

  private final List<String> command;
  private final String workerId;
  private final Map<String, String> extraEnvironment;

  WorkloadLauncher(List<String> command, String workerId, Map<String, String> extraEnvironment) {
    this.command = List.copyOf(command);
    this.workerId = workerId;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  Workload launch() throws IOException {
    if (command.isEmpty()) {
      return new IdleWorkload();
    }
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> environment = builder.environment();
    environment.remove(ClusterToken.TOKEN);
    environment.remove(ClusterToken.TOKEN_SECRET_ARN);
    extraEnvironment.forEach(environment::putIfAbsent);
    environment.put(WorkerIdentity.WORKER_ID, workerId);
    return new ChildProcessWorkload(builder.start());
  }

  String description() {
    return command.isEmpty()
        ? "no workload command: idling until stopped"
        : "starting workload " + command;
  }
}
