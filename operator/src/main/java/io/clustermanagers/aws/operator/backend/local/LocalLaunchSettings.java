package io.clustermanagers.aws.operator.backend.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How local workers are started.
 *
 * @param agentCommand the command that starts the worker agent; the workload command follows it
 * @param logDirectory where each worker's output goes ({@code <namespace>_<name>/<worker>.log})
 * @param stopGrace how long a worker gets after SIGTERM before it is killed
 */
public record LocalLaunchSettings(
    List<String> agentCommand, Path logDirectory, Duration stopGrace) {

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
