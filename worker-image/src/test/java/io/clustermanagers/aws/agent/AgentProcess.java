package io.clustermanagers.aws.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real agent started as a separate JVM, its stdout and stderr captured in files. */
final class AgentProcess implements AutoCloseable {

  private static final List<String> FAST_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m");

  private final Process process;
  private final Path stderr;

  private AgentProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /**
   * Starts the agent with exactly the given ACM_/AWS_BATCH_/ECS_ variables (any the test JVM has
   * are removed) and the workload command.
   */
  static AgentProcess start(Map<String, String> env, Path logDir, String... workload)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(FAST_JVM);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(AgentMain.class.getName());
    command.addAll(List.of(workload));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(AgentProcess::isAgentVariable);
    builder.environment().putAll(env);
    Path stderr = logDir.resolve("agent.stderr");
    builder.redirectError(stderr.toFile()).redirectOutput(logDir.resolve("agent.stdout").toFile());
    return new AgentProcess(builder.start(), stderr);
  }

  private static boolean isAgentVariable(String name) {
    return name.startsWith("ACM_") || name.startsWith("AWS_BATCH_") || name.startsWith("ECS_");
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Sends SIGTERM to the agent, as ECS or Batch do when they stop a task or job. */
  void sendSigterm() {
    process.destroy();
  }

  String stderr() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the agent and its workload if they still run, and prints the agent's stderr. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    System.out.println("--- agent stderr ---\n" + stderr());
  }
}
