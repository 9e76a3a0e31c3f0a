package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
