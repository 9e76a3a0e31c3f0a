package io.clustermanagers.aws.operator.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentEnvironmentTest {
  private static WorkerGroup group(AwsClusterSpec spec) {
    return new WorkerGroup(
        new ClusterKey("research", "sim"),
        "uid-1",
        spec,
        new CoordinatorAccess("http://10.0.0.2:8081", "s3cret", Duration.ofMinutes(20)));
  }

  @Test
  void theAgentsVariablesFollowTheTemplatesAndWinOverThem() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.getTemplate().getEnv().add(new EnvVar("MODE", "sim"));
    spec.getTemplate().getEnv().add(new EnvVar("ACM_CLUSTER_NAME", "spoofed"));

    Map<String, String> env =
        AgentEnvironment.of(group(spec), Map.of("ACM_TOKEN_SECRET_ARN", "arn:x"));

    assertThat(env)
        .containsExactly(
            Map.entry("MODE", "sim"),
            Map.entry("ACM_CLUSTER_NAME", "sim"),
            Map.entry("ACM_COORDINATOR_URL", "http://10.0.0.2:8081"),
            Map.entry("ACM_CLUSTER_NAMESPACE", "research"),
            Map.entry("ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS", "1200"),
            Map.entry("ACM_TOKEN_SECRET_ARN", "arn:x"));
    assertThat(env).doesNotContainValue("s3cret");
  }

  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private static WorkerGroup tlsGroup(AwsClusterSpec spec) {
    return new WorkerGroup(
        new ClusterKey("research", "sim"),
        "uid-1",
        spec,
        new CoordinatorAccess(
            "https://10.0.0.2:8081", "s3cret", Duration.ofMinutes(20), Optional.of(CA)));
  }

  @Test
  void aTlsCoordinatorsCaIsHandedToTheAgentWithoutAnythingInTheTemplate() {
    Map<String, String> env = AgentEnvironment.of(tlsGroup(new AwsClusterSpec()), Map.of());

    assertThat(env)
        .containsEntry("ACM_COORDINATOR_CA", CA)
        .doesNotContainKey("ACM_COORDINATOR_CA_FILE");
  }

  @Test
  void aPlainHttpCoordinatorHandsNoCa() {
    assertThat(AgentEnvironment.of(group(new AwsClusterSpec()), Map.of()))
        .doesNotContainKeys("ACM_COORDINATOR_CA", "ACM_COORDINATOR_CA_FILE");
  }

  @Test
  void aCaFileNamedInTheTemplateWinsAndNoPemIsAddedBesideIt() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.getTemplate().getEnv().add(new EnvVar("ACM_COORDINATOR_CA_FILE", "/etc/acm/ca.pem"));

    Map<String, String> env = AgentEnvironment.of(tlsGroup(spec), Map.of());

    // The agent refuses both variables at once.
    assertThat(env)
        .containsEntry("ACM_COORDINATOR_CA_FILE", "/etc/acm/ca.pem")
        .doesNotContainKey("ACM_COORDINATOR_CA");
  }

  @Test
  void aCaPemInTheTemplateWinsOverTheOperatorsOwn() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.getTemplate().getEnv().add(new EnvVar("ACM_COORDINATOR_CA", "users own PEM"));

    assertThat(AgentEnvironment.of(tlsGroup(spec), Map.of()))
        .containsEntry("ACM_COORDINATOR_CA", "users own PEM");
  }

  @Test
  void theCaIsPublicButTheTokenStaysOutOfTheGroupsDescription() {
    assertThat(tlsGroup(new AwsClusterSpec()).coordinator().toString())
        .contains("trustedCa=PEM")
        .doesNotContain("s3cret");
  }

  @Test
  void theTemplatesPortIsTheWorkersPort() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.getTemplate().setPort(8786);

    assertThat(AgentEnvironment.of(group(spec), Map.of())).containsEntry("ACM_WORKER_PORT", "8786");
    assertThat(AgentEnvironment.of(group(new AwsClusterSpec()), Map.of()))
        .doesNotContainKey("ACM_WORKER_PORT");
  }

  @Test
  void aTemplateWithoutEnvCommandOrArgsIsNoError() {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.getTemplate().setEnv(null);
    spec.getTemplate().setCommand(null);
    spec.getTemplate().setArgs(List.of("--fast"));

    assertThat(AgentEnvironment.of(group(spec), Map.of())).containsKey("ACM_COORDINATOR_URL");
    assertThat(AgentEnvironment.workloadCommand(spec.getTemplate())).containsExactly("--fast");
    assertThat(AgentEnvironment.workloadCommand(null)).isEmpty();
  }
}
