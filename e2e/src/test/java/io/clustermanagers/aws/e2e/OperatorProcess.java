package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.e2e.kube.TestKube;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The operator jar in operator mode as its own process, as its Deployment runs it: a kubeconfig
 * with its ServiceAccount's token, leader election in the operator's namespace, its pod name as the
 * lease identity. {@link #kill()} is {@code kill -9}.
 */
final class OperatorProcess implements AutoCloseable {
  private static final Path JAR = Path.of(System.getProperty("operator.jar"));
  private final String name;
  private final Process process;
  private final Path log;
  private final CoordinatorFront.Backend ports;

  private OperatorProcess(String name, Process process, Path log, CoordinatorFront.Backend ports) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.ports = ports;
  }

  /**
   * @param podName the lease identity (HOSTNAME in a pod)
   * @param env more environment (backends, AWS settings)
   */
  static OperatorProcess start(
      String podName, Path kubeconfig, String advertisedUrl, Map<String, String> env)
      throws IOException {
    return start(podName, kubeconfig, ports -> advertisedUrl, env, List.of("-Xmx256m"));
  }

  /**
   * @param advertisedUrl the coordinator URL the workers get, from the process's ports
   * @param jvmOptions options of the operator's JVM (its heap limit among them)
   */
  static OperatorProcess start(
      String podName,
      Path kubeconfig,
      Function<CoordinatorFront.Backend, String> advertisedUrl,
      Map<String, String> env,
      List<String> jvmOptions)
      throws IOException {
    CoordinatorFront.Backend ports = new CoordinatorFront.Backend(freePort(), freePort());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString(), "operator"));
    Path log = Files.createTempFile("operator-" + podName, ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("ACM_") || k.startsWith("AWS_"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOSTNAME", podName);
    builder.environment().put("POD_NAMESPACE", TestKube.OPERATOR_NAMESPACE);
    builder.environment().put("ACM_COORDINATOR_HOST", "127.0.0.1");
    builder.environment().put("ACM_COORDINATOR_PORT", Integer.toString(ports.coordinatorPort()));
    builder.environment().put("ACM_MANAGEMENT_PORT", Integer.toString(ports.managementPort()));
    builder.environment().put("ACM_ADVERTISED_URL", advertisedUrl.apply(ports));
    builder.environment().putAll(env);
    return new OperatorProcess(podName, builder.start(), log, ports);
  }

  String name() {
    return name;
  }

  CoordinatorFront.Backend ports() {
    return ports;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no cleanup, the Lease is not released. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Files.deleteIfExists(log);
  }
}
