package io.clustermanagers.aws.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Everything the agent needs, read once at startup from its environment (see PROTOCOL.md).
 *
 * @param coordinatorUrl base URL of the coordinator, without a trailing slash
 * @param clusterNamespace the AwsCluster's namespace
 * @param clusterName the AwsCluster's name
 * @param token the cluster's bearer token; never printed, {@link #toString()} redacts it
 * @param workerId this worker's id in the registry
 * @param workerAddress the address the workload can be reached at
 * @param workerPort the port the workload listens on, 0 for none
 * @param stopGrace how long the workload gets after SIGTERM before it is killed
 * @param coordinatorLossTimeout how long the agent goes on without reaching the coordinator before
 *     it stops its workload and exits
 * @param workloadEnvironment what the agent adds to the workload's environment (on the main node of
 *     a multi-node job, the main node's address)
 */
public record AgentConfig(
    URI coordinatorUrl,
    String clusterNamespace,
    String clusterName,
    String token,
    String workerId,
    String workerAddress,
    int workerPort,
    Duration stopGrace,
    Duration coordinatorLossTimeout,
    Map<String, String> workloadEnvironment) {

  static final String COORDINATOR_URL = "ACM_COORDINATOR_URL";
  static final String CLUSTER_NAMESPACE = "ACM_CLUSTER_NAMESPACE";
  static final String CLUSTER_NAME = "ACM_CLUSTER_NAME";
  static final String WORKER_PORT = "ACM_WORKER_PORT";
  static final String STOP_GRACE_SECONDS = "ACM_STOP_GRACE_SECONDS";
  static final int DEFAULT_STOP_GRACE_SECONDS = 25;
  static final String COORDINATOR_LOSS_TIMEOUT_SECONDS = "ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS";
  static final int DEFAULT_COORDINATOR_LOSS_TIMEOUT_SECONDS = 15 * 60;

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern NAMESPACE = Pattern.compile("(?=.{1,63}$)" + LABEL);
  private static final Pattern NAME =
      Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*");

  public AgentConfig {
    workloadEnvironment = Map.copyOf(workloadEnvironment);
  }

  /** A config that adds nothing to the workload's environment. */
  public AgentConfig(
      URI coordinatorUrl,
      String clusterNamespace,
      String clusterName,
      String token,
      String workerId,
      String workerAddress,
      int workerPort,
      Duration stopGrace) {
    this(
        coordinatorUrl,
        clusterNamespace,
        clusterName,
        token,
        workerId,
        workerAddress,
        workerPort,
        stopGrace,
        Duration.ofSeconds(DEFAULT_COORDINATOR_LOSS_TIMEOUT_SECONDS),
        Map.of());
  }

  /** Reads the process environment; the only place the agent calls {@code System.getenv}. */
  public static AgentConfig fromSystemEnvironment(ConfigLookups lookups) {
    return fromEnvironment(System.getenv(), lookups);
  }

  /**
   * The TLS context for an {@code https://} coordinator from the process environment ({@code
   * ACM_COORDINATOR_CA_FILE} or {@code ACM_COORDINATOR_CA}); empty: the JVM's default trust.
   */
  static Optional<SSLContext> coordinatorTrustFromSystemEnvironment() {
    return CoordinatorTrust.fromEnvironment(new EnvironmentVariables(System.getenv()));
  }

  /**
   * Builds the config from an environment map and lookups; throws {@link InvalidConfigException}
   * naming the first variable that is missing or invalid.
   */
  public static AgentConfig fromEnvironment(
      Map<String, String> environment, ConfigLookups lookups) {
    EnvironmentVariables env = new EnvironmentVariables(environment);
    URI coordinatorUrl = coordinatorUrl(env.required(COORDINATOR_URL));
    String namespace = env.requiredMatching(CLUSTER_NAMESPACE, NAMESPACE, "a Kubernetes namespace");
    String name = env.requiredMatching(CLUSTER_NAME, NAME, "a Kubernetes object name");
    String token = ClusterToken.read(env, lookups);
    int port = env.intInRange(WORKER_PORT, 0, 0, 65535);
    int graceSeconds =
        env.intInRange(STOP_GRACE_SECONDS, DEFAULT_STOP_GRACE_SECONDS, 0, Integer.MAX_VALUE);
    int lossSeconds =
        env.intInRange(
            COORDINATOR_LOSS_TIMEOUT_SECONDS,
            DEFAULT_COORDINATOR_LOSS_TIMEOUT_SECONDS,
            1,
            Integer.MAX_VALUE);
    WorkerIdentity identity = WorkerIdentity.resolve(env, lookups);
    return new AgentConfig(
        coordinatorUrl,
        namespace,
        name,
        token,
        identity.id(),
        identity.address(),
        port,
        Duration.ofSeconds(graceSeconds),
        Duration.ofSeconds(lossSeconds),
        MainNodeAddress.forWorkload(env, identity.address()));
  }

  private static URI coordinatorUrl(String value) {
    String trimmed = value.replaceAll("/+$", "");
    String expected = " must be an http(s) URL such as http://10.0.0.2:8081, got '" + value + "'";
    try {
      URI uri = new URI(trimmed);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
        throw new InvalidConfigException(COORDINATOR_URL + expected);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidConfigException(COORDINATOR_URL + expected);
    }
  }

  @Override
  public String toString() {
    return "AgentConfig[coordinatorUrl="
        + coordinatorUrl
        + ", cluster="
        + clusterNamespace
        + "/"
        + clusterName
        + ", token=<redacted>, workerId="
        + workerId
        + ", workerAddress="
        + workerAddress
        + ", workerPort="
        + workerPort
        + ", stopGrace="
        + stopGrace
        + ", coordinatorLossTimeout="
        + coordinatorLossTimeout
        + "]";
  }
}
