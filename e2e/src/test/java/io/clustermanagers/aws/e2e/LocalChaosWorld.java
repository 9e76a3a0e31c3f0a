package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local backend: the workers are agent processes on this machine, found in the process table by
 * the cluster namespace in their environment, whoever their parent is now (an agent outlives a
 * killed operator). The agents' workload is {@code sleep}. No AWS, so no faults.
 */
final class LocalChaosWorld implements ChaosWorld {
  private final String namespace;
  private final Path logs;

  LocalChaosWorld(String namespace) throws IOException {
    this.namespace = namespace;
    this.logs = Files.createTempDirectory("chaos-local");
  }

  @Override
  public String backend() {
    return "local";
  }

  @Override
  public void customize(AwsClusterSpec spec) {
    spec.getTemplate().setCommand(List.of("sleep", "600"));
  }

  @Override
  public Map<String, String> operatorEnvironment() {
    return Map.of(
        "ACM_BACKENDS", "local",
        "ACM_LOCAL_LOG_DIR", logs.toString(),
        "ACM_STOP_GRACE", "PT3S");
  }

  @Override
  public List<LiveWorker> live() {
    List<LiveWorker> live = new ArrayList<>();
    ClusterProcesses.agentsIn(namespace)
        .forEach(
            (process, env) -> {
              String id = env.getOrDefault("ACM_WORKER_ID", "?");
              live.add(
                  new LiveWorker(
                      env.get("ACM_CLUSTER_NAMESPACE") + "/" + env.get("ACM_CLUSTER_NAME"),
                      Long.parseLong(id.substring(id.lastIndexOf('-') + 1)),
                      id + " (pid " + process.pid() + ")"));
            });
    return live;
  }

  @Override
  public List<String> tokenSecrets(String cluster) {
    return List.of(); // the local backend hands the token over in the environment
  }

  @Override
  public FaultCount faults() {
    return FaultCount.none();
  }

  @Override
  public void injectFaults(double rate, Set<FaultProxy.Fault> kinds) {}

  @Override
  public void close() {
    ClusterProcesses.inNamespace(namespace).forEach(ProcessHandle::destroyForcibly);
  }
}
