package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.main.OperatorMode;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator in-process against fabric8's mock API server (CRUD mode) with the generated CRD
 * installed, the local backend, and real agent processes. Everything binds to 127.0.0.1.
 */
final class OperatorHarness implements AutoCloseable {
  static final String CRD = "../crds/awsclusters.aws.clustermanagers.io-v1.yml";
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final OperatorConfig config;
  private OperatorMode operator;

  OperatorHarness() throws IOException {
    this(testConfig());
  }

  OperatorHarness(OperatorConfig config) throws IOException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().load(Path.of(CRD).toFile()).create();
    this.config = config;
    operator = new OperatorMode(config, client, Clock.systemUTC());
    operator.start();
  }

  /** Short timings so that failures and replacements happen within a test. */
  static OperatorConfig testConfig() throws IOException {
    return testConfig(EnumSet.of(BackendType.LOCAL), AwsSettings.FROM_ENVIRONMENT);
  }

  /** The test timings with the given backends and AWS settings (e.g. pointing at moto). */
  static OperatorConfig testConfig(Set<BackendType> backends, AwsSettings aws) throws IOException {
    Path logs = Files.createTempDirectory("acm-it-logs");
    return new OperatorConfig(
        "127.0.0.1",
        0,
        Optional.empty(),
        backends,
        new LocalLaunchSettings(
            LocalLaunchSettings.agentFromThisJvm(), logs, Duration.ofSeconds(3)),
        aws,
        new PlannerPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), 3),
        new ReconcileTiming(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30)),
        50,
        4,
        Set.of());
  }

  /**
   * Stops the operator (as a crash would, without cleanup of what it launched), runs {@code
   * whileStopped} against the API server, and starts a new operator with the same configuration.
   */
  void restartOperator(Runnable whileStopped) {
    operator.close();
    whileStopped.run();
    operator = new OperatorMode(config, client, Clock.systemUTC());
    operator.start();
  }

  KubernetesClient client() {
    return client;
  }

  MixedOperation<AwsCluster, KubernetesResourceList<AwsCluster>, Resource<AwsCluster>> clusters() {
    return client.resources(AwsCluster.class);
  }

  /** Agent processes started by this JVM (the local backend's workers) that are still alive. */
  static List<ProcessHandle> liveAgents() {
    return agentsUnder(ProcessHandle.current());
  }

  /** Live descendants of {@code root} whose command line runs the worker agent. */
  static List<ProcessHandle> agentsUnder(ProcessHandle root) {
    return root.descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains("io.clustermanagers.aws.agent.AgentMain"))
        .toList();
  }

  /** The full command line: /proc where there is one (ProcessHandle.Info truncates long ones). */
  private static String commandLine(ProcessHandle process) {
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      return Files.readString(proc).replace('\0', ' ');
    } catch (IOException e) {
      return process.info().commandLine().orElse("");
    }
  }

  @Override
  public void close() {
    operator.close();
    client.close();
    server.destroy();
  }
}
