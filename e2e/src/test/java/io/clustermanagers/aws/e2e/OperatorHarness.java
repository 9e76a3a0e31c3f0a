package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.core.WorkerLimits;
import io.clustermanagers.aws.operator.main.OperatorMode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operator in-process against the shared real API server ({@link TestKube}: kube-apiserver and
 * etcd, with the shipped overlay applied), authenticated as its own ServiceAccount with a
 * TokenRequest token, so the shipped RBAC is all it may use. The local backend runs real agent
 * processes. Everything binds to 127.0.0.1. The test's own calls go through an admin client.
 */
final class OperatorHarness implements AutoCloseable {
  static final String LEASE_NAMESPACE = TestKube.OPERATOR_NAMESPACE;

  /** The namespaces the tests create their AwsClusters in (a real server needs them to exist). */
  static final List<String> TEST_NAMESPACES = List.of("research", "contract", "kubectl");

  private final ApiCallRecorder recorder = new ApiCallRecorder();
  private final KubeApiServer server;
  private final KubernetesClient client;
  private final KubernetesClient operatorClient;
  private final OperatorConfig config;
  private OperatorMode operator;
  private final java.util.concurrent.atomic.AtomicReference<String> lostLease =
      new java.util.concurrent.atomic.AtomicReference<>();

  OperatorHarness() throws IOException {
    this(testConfig());
  }

  OperatorHarness(OperatorConfig config) throws IOException {
    server = TestKube.shared();
    client = server.adminClient();
    TEST_NAMESPACES.forEach(ns -> TestKube.ensureNamespace(client, ns));
    operatorClient =
        server.client(
            TestKube.operatorToken(server),
            b ->
                b.withHttpClientBuilderConsumer(
                    h -> h.addOrReplaceInterceptor("record", recorder)));
    this.config = config;
    try {
      operator = newOperator();
      operator.start();
    } catch (RuntimeException e) {
      // The test never gets this harness to close: release what it holds here.
      if (operator != null) {
        operator.close();
      }
      operatorClient.close();
      client.close();
      throw e;
    }
  }

  /**
   * In production losing the Lease ends the process; here it is recorded and fails the test at
   * {@link #close()}: an operator that cannot renew its Lease (say, RBAC without patch) would go on
   * reconciling as a non-leader.
   */
  private OperatorMode newOperator() {
    return new OperatorMode(
        config,
        operatorClient,
        Clock.systemUTC(),
        () -> lostLease.compareAndSet(null, "lost its Lease at " + java.time.Instant.now()));
  }

  /** The real API server this harness's operator talks to. */
  KubeApiServer server() {
    return server;
  }

  /** Stops the operator and starts a fresh one (empty caches) against the same API server. */
  void restartOperator() {
    restartOperator(() -> {});
  }

  /**
   * Stops the operator (as a crash would, without cleanup of what it launched), runs {@code
   * whileStopped} against the API server, and starts a new operator with the same configuration.
   */
  void restartOperator(Runnable whileStopped) {
    operator.close();
    // Not what a crash tests: the new process would only wait out the old one's Lease.
    TestKube.releaseLease(client);
    whileStopped.run();
    operator = newOperator();
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
        new PlannerPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), 3, Duration.ofSeconds(5)),
        WorkerLimits.DEFAULT,
        new ReconcileTiming(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30)),
        50,
        4,
        Set.of(),
        0,
        Optional.of(LEASE_NAMESPACE),
        Optional.empty());
  }

  /** Whether the operator's coordinator registry has the cluster open. */
  boolean coordinatorOpen(String namespace, String name) {
    return operator
        .core()
        .registry()
        .openedAt(new io.clustermanagers.aws.operator.model.ClusterKey(namespace, name))
        .isPresent();
  }

  /** GET a path of the operator's management port (/metrics, /healthz, /readyz). */
  java.net.http.HttpResponse<String> management(String path)
      throws IOException, InterruptedException {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + operator.managementPort() + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** The API calls the operator made so far (not the test's own). */
  java.util.Set<ApiAccess> operatorApiCalls() {
    return recorder.used();
  }

  /** The cluster's status, empty (never null) before the operator wrote one or after deletion. */
  AwsClusterStatus status(String namespace, String name) {
    AwsCluster cluster = clusters().inNamespace(namespace).withName(name).get();
    return cluster == null || cluster.getStatus() == null
        ? new AwsClusterStatus()
        : cluster.getStatus();
  }

  /** One condition of the cluster's status, if the operator has written it. */
  Optional<Condition> condition(String namespace, String name, String type) {
    return status(namespace, name).getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  /**
   * Changes the spec as a user's {@code kubectl edit} would: on a conflict (the operator wrote
   * status in between) it reads the resource again and retries, as a user would.
   */
  void editSpec(String namespace, String name, Consumer<AwsClusterSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        clusters()
            .inNamespace(namespace)
            .withName(name)
            .edit(
                c -> {
                  change.accept(c.getSpec());
                  return c;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The cluster's coordinator token, decoded from its Secret (what its workers are given). */
  String coordinatorToken(String namespace, String name) {
    return coordinatorToken(client, namespace, name);
  }

  /** The cluster's coordinator token as {@code client} reads it from the cluster's Secret. */
  static String coordinatorToken(KubernetesClient client, String namespace, String name) {
    String encoded =
        client
            .secrets()
            .inNamespace(namespace)
            .withName(name + "-coordinator-token")
            .get()
            .getData()
            .get("token");
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
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

  /**
   * Live descendants of {@code root} whose command line runs the worker agent. A child an agent is
   * just spawning (its workload) has the agent's command line until it execs: it is not counted.
   */
  static List<ProcessHandle> agentsUnder(ProcessHandle root) {
    return root.descendants()
        .filter(ProcessHandle::isAlive)
        .filter(OperatorHarness::isAgent)
        .filter(p -> p.parent().map(parent -> !isAgent(parent)).orElse(true))
        .toList();
  }

  private static boolean isAgent(ProcessHandle process) {
    return commandLine(process).contains("io.clustermanagers.aws.agent.AgentMain");
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

  /** Stops the operator, then removes what the test left for the next harness's operator. */
  @Override
  public void close() {
    try {
      operator.close();
      operatorClient.close();
      TestKube.releaseLease(client);
      TestKube.removeAllClusters(client);
    } finally {
      client.close();
    }
    if (lostLease.get() != null) {
      throw new AssertionError("the operator " + lostLease.get() + " while the test ran");
    }
  }
}
