package io.clustermanagers.aws.operator.backend.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How local workers are started.
 *
 * @param agentCommand the command that starts the worker agent; the workload command follows it
 * @param logDirectory where each worker's output goes ({@code <namespace>_<name>/<worker>.log}),
 *     next to its pid file ({@code <worker>.pid}) by which a restarted operator finds it
 * @param stopGrace how long a worker gets after SIGTERM before it is killed
 * @param maxProcesses the most worker processes alive at once, across every cluster ({@code
 *     --local-max-processes}), so that a laptop survives any spec
 * @param launchesPerPass the most processes started by one launch, so that a large scale-up comes
 *     in steps (each step's agents register, and so wake the next reconcile, within seconds)
 */
public record LocalLaunchSettings(
    List<String> agentCommand,
    Path logDirectory,
    Duration stopGrace,
    int maxProcesses,
    int launchesPerPass) {

  /**
   * 32 agent JVMs (48 MiB heap each, some 100 MiB resident) fit a laptop; a spec asking for more is
   * far more likely a typo than a plan for one machine.
   */
  public static final int DEFAULT_MAX_PROCESSES = 32;

  /** A few JVMs starting at once keep a two-core machine responsive. */
  public static final int DEFAULT_LAUNCHES_PER_PASS = 8;

  public LocalLaunchSettings {
    agentCommand = List.copyOf(agentCommand);
    if (maxProcesses < 1 || launchesPerPass < 1) {
      throw new IllegalArgumentException(
          "maxProcesses and launchesPerPass must be at least 1, got "
              + maxProcesses
              + " and "
              + launchesPerPass);
    }
  }

  /** With the default bounds on processes. */
  public LocalLaunchSettings(List<String> agentCommand, Path logDirectory, Duration stopGrace) {
    this(agentCommand, logDirectory, stopGrace, DEFAULT_MAX_PROCESSES, DEFAULT_LAUNCHES_PER_PASS);
  }

  /** These settings with workers' output (and pid files) in {@code directory}. */
  public LocalLaunchSettings withLogDirectory(Path directory) {
    return new LocalLaunchSettings(
        agentCommand, directory, stopGrace, maxProcesses, launchesPerPass);
  }

  /** Starts the agent from this JVM's own class path with a small heap. */
  public static List<String> agentFromThisJvm() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java,
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss512k",
        "-Xmx48m",
        "-cp",
        System.getProperty("java.class.path"),
        "io.clustermanagers.aws.agent.AgentMain");
  }
}
