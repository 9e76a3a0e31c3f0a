package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import io.clustermanagers.aws.operator.backend.local.LocalLaunchSettings;
import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.core.PlannerPolicy;
import io.clustermanagers.aws.operator.core.ReconcileTiming;
import io.clustermanagers.aws.operator.main.OperatorMode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operator in-process against fabric8's mock API server (CRUD mode) with the generated CRD
 * installed, the local backend, and real agent processes. Everything binds to 127.0.0.1.
 */
final class OperatorHarness implements AutoCloseable {
  static final String CRD = "../crds/awsclusters.aws.clustermanagers.io-v1.yml";
  static final String LEASE_NAMESPACE = "aws-cluster-operator";
  private static final String RULES_REVIEW =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  /** Leader election checks its Lease permissions first; CRUD mode cannot answer that. */
  private static final String CANNED_RULES =
      "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
          + "\"status\":{\"incomplete\":false,\"resourceRules\":[{\"verbs\":[\"get\",\"create\","
          + "\"update\"],\"apiGroups\":[\"coordination.k8s.io\"],\"resources\":[\"leases\"]}]}}";

  private final ApiCallRecorder recorder = new ApiCallRecorder();
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final KubernetesClient operatorClient;
  private final OperatorConfig config;
  private OperatorMode operator;

  OperatorHarness() throws IOException {
    this(testConfig());
  }

  OperatorHarness(OperatorConfig config) throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().load(Path.of(CRD).toFile()).create();
    server.expect().post().withPath(RULES_REVIEW).andReturn(201, CANNED_RULES).always();
    operatorClient =
        server.createClient(
            b ->
                b.withHttpClientBuilderConsumer(
                    h -> h.addOrReplaceInterceptor("record", recorder)));
    this.config = config;
    operator = new OperatorMode(config, operatorClient, Clock.systemUTC(), () -> {});
    operator.start();
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
    whileStopped.run();
    operator = new OperatorMode(config, operatorClient, Clock.systemUTC(), () -> {});
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
        new ReconcileTiming(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30)),
        50,
        4,
        Set.of(),
        0,
        Optional.of(LEASE_NAMESPACE));
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

  /** Changes the spec as a user's {@code kubectl edit} would. */
  void editSpec(String namespace, String name, Consumer<AwsClusterSpec> change) {
    clusters()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            c -> {
              change.accept(c.getSpec());
              return c;
            });
  }

  /** The cluster's coordinator token, decoded from its Secret (what its workers are given). */
  String coordinatorToken(String namespace, String name) {
    String encoded =
        client()
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
    operatorClient.close();
    client.close();
    server.destroy();
  }
}
