package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The processes of one cluster on this machine, whoever their parent is now: every agent and every
 * process its workload started carries the cluster's {@code ACM_CLUSTER_NAMESPACE} and {@code
 * ACM_CLUSTER_NAME} in its environment, also one that outlived its parent. Linux only (/proc).
 */
final class ClusterProcesses {
  private ClusterProcesses() {}

  /** The live processes of cluster {@code namespace/name}. */
  static List<ProcessHandle> of(String namespace, String name) {
    Set<String> wanted = Set.of("ACM_CLUSTER_NAMESPACE=" + namespace, "ACM_CLUSTER_NAME=" + name);
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> environment(p).containsAll(wanted))
          .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
          .flatMap(Optional::stream)
          .filter(ProcessHandle::isAlive)
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  /**
   * The live worker agents (not their workloads) of every cluster in {@code namespace}, each with
   * its environment.
   */
  static Map<ProcessHandle, Map<String, String>> agentsIn(String namespace) {
    Map<ProcessHandle, Map<String, String>> agents = new LinkedHashMap<>();
    for (ProcessHandle p : inNamespace(namespace)) {
      if (commandLine(p).contains("io.clustermanagers.aws.agent.AgentMain")) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : environment(Path.of("/proc", Long.toString(p.pid())))) {
          int eq = entry.indexOf('=');
          if (eq > 0) {
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
          }
        }
        agents.put(p, env);
      }
    }
    return agents;
  }

  /** Every live process (agents and workloads) of every cluster in {@code namespace}. */
  static List<ProcessHandle> inNamespace(String namespace) {
    String wanted = "ACM_CLUSTER_NAMESPACE=" + namespace;
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> environment(p).contains(wanted))
          .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
          .flatMap(Optional::stream)
          .filter(ProcessHandle::isAlive)
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  private static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills every process of the cluster (a test's last resort, also after a failure). */
  static void kill(String namespace, String name) {
    of(namespace, name).forEach(ProcessHandle::destroyForcibly);
  }

  /** A description for an assertion message: pid and command line. */
  static String describe(ProcessHandle process) {
    return process.pid() + " " + process.info().commandLine().orElse("?");
  }

  private static Set<String> environment(Path proc) {
    try {
      return Set.of(
          new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8)
              .split("\0"));
    } catch (IOException | IllegalArgumentException e) {
      return Set.of(); // gone, or not ours to read; Set.of rejects an environment's duplicates
    }
  }
}
