package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real agent process (the worker image's entry point) started from this JVM's classpath with the
 * given environment, as a Batch job or ECS task would run it. Closing sends SIGTERM (the agent
 * deregisters and stops its workload), then kills what is left. Agents still running when this JVM
 * is stopped (a SIGTERM skips the callers' finally blocks) are killed by a shutdown hook.
 */
final class AgentProcess implements AutoCloseable {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    RUNNING.forEach(
                        p -> {
                          p.descendants().forEach(ProcessHandle::destroyForcibly);
                          p.destroyForcibly();
                        }),
                "agent-process-reaper"));
  }

  private final Process process;
  private final Path log;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static AgentProcess start(Map<String, String> environment, List<String> workload)
      throws IOException {
    return start(LocalLaunchSettings.agentFromThisJvm(), environment, workload);
  }

  /** The same with another agent command (a benchmark's light agent, bench/light-agent.sh). */
  static AgentProcess start(
      List<String> agent, Map<String, String> environment, List<String> workload)
      throws IOException {
    List<String> command = new ArrayList<>(agent);
    command.addAll(workload);
    Path log = Files.createTempFile("agent", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The job's ACM_ variables only; AWS settings of this process (a real account's profile) stay
    // unless the environment given overrides them.
    builder.environment().keySet().removeIf(k -> k.startsWith("ACM_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    RUNNING.add(process);
    return new AgentProcess(process, log);
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    RUNNING.remove(process);
    Files.deleteIfExists(log);
  }
}
