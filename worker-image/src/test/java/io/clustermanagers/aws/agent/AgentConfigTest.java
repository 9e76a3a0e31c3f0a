package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigTest {

  private static final String SECRET = "s3cr3t-t0ken";
  private static final String ECS_BASE = "http://169.254.170.2/v4/abc";
  private static final String ECS_TASK_JSON =
      """
      {"Cluster": "default",
       "TaskARN": "arn:aws:ecs:us-east-1:111122223333:task/default/0f1e2d3c4b5a",
       "Containers": [{"Name": "worker",
                       "Networks": [{"NetworkMode": "awsvpc",
                                     "IPv4Addresses": ["10.0.2.106"]}]}]}
      """;

  private final FakeLookups lookups = new FakeLookups();
  private final Map<String, String> env = new HashMap<>(baseEnvironment());

  private static Map<String, String> baseEnvironment() {
    return Map.of(
        "ACM_COORDINATOR_URL", "http://10.0.0.2:8081/",
        "ACM_CLUSTER_NAMESPACE", "team-a",
        "ACM_CLUSTER_NAME", "cluster-1",
        "ACM_TOKEN", " " + SECRET + "\n");
  }

  private AgentConfig config() {
    return AgentConfig.fromEnvironment(env, lookups.build());
  }

  private void assertInvalid(String... messageParts) {
    assertThatThrownBy(this::config)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(messageParts)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void readsEveryVariable() {
    env.putAll(
        Map.of(
            "ACM_WORKER_ID", "w-1",
            "ACM_WORKER_ADDRESS", "10.1.2.3",
            "ACM_WORKER_PORT", "8080",
            "ACM_STOP_GRACE_SECONDS", "40",
            "ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS", "600"));

    assertThat(config())
        .isEqualTo(
            new AgentConfig(
                URI.create("http://10.0.0.2:8081"),
                "team-a",
                "cluster-1",
                SECRET,
                "w-1",
                "10.1.2.3",
                8080,
                Duration.ofSeconds(40),
                Duration.ofMinutes(10),
                java.util.Map.of()));
  }

  @Test
  void defaultsToNoPortAndTwentyFiveSecondsGrace() {
    AgentConfig config = config();

    assertThat(config.workerPort()).isZero();
    assertThat(config.stopGrace()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void stopsOnItsOwnAfterFifteenMinutesWithoutTheCoordinatorByDefault() {
    assertThat(config().coordinatorLossTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void toStringRedactsTheToken() {
    assertThat(config().toString()).doesNotContain(SECRET).contains("<redacted>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ACM_COORDINATOR_URL", "ACM_CLUSTER_NAMESPACE", "ACM_CLUSTER_NAME"})
  void missingRequiredVariableIsNamed(String variable) {
    env.put(variable, "  ");

    assertInvalid(variable, "is required");
  }

  @ParameterizedTest
  @CsvSource({
    "ACM_COORDINATOR_URL, ftp://10.0.0.2/",
    "ACM_COORDINATOR_URL, not a url",
    "ACM_COORDINATOR_URL, 10.0.0.2:8081",
    "ACM_CLUSTER_NAMESPACE, Team_A",
    "ACM_CLUSTER_NAME, -cluster",
    "ACM_WORKER_PORT, http",
    "ACM_WORKER_PORT, 70000",
    "ACM_STOP_GRACE_SECONDS, -1",
    "ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS, 0",
    "ACM_COORDINATOR_LOSS_TIMEOUT_SECONDS, 15m",
    "ACM_WORKER_ID, bad id!"
  })
  void invalidValueIsNamed(String variable, String value) {
    env.put(variable, value);

    assertInvalid(variable);
  }

  @Test
  void missingTokenNamesBothVariables() {
    env.remove("ACM_TOKEN");

    assertInvalid("ACM_TOKEN, ACM_TOKEN_FILE or ACM_TOKEN_SECRET_ARN is required");
  }

  @Test
  void readsTheTokenFromTheSecretTheOperatorNames() {
    String arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acm/team-a/c-AbCdEf";
    env.remove("ACM_TOKEN");
    env.put("ACM_TOKEN_SECRET_ARN", arn);
    lookups.secret(arn, SECRET + "\n");

    assertThat(config().token()).isEqualTo(SECRET);
  }

  @Test
  void anUnreadableSecretIsNamedWithTheReason() {
    String arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:acm/team-a/other";
    env.remove("ACM_TOKEN");
    env.put("ACM_TOKEN_SECRET_ARN", arn);
    lookups.secret(arn + "-not-this-one", SECRET);

    assertInvalid("ACM_TOKEN_SECRET_ARN", arn, "AccessDeniedException");
  }

  @Test
  void aSecretArnThatIsNotOneIsRejectedBeforeAnyCall() {
    env.remove("ACM_TOKEN");
    env.put("ACM_TOKEN_SECRET_ARN", "acm/team-a/cluster-1");

    assertInvalid("ACM_TOKEN_SECRET_ARN", "not a Secrets Manager secret ARN");
  }

  @Test
  void aTokenGivenDirectlyWinsOverTheSecret() {
    env.put("ACM_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:x");

    assertThat(config().token()).isEqualTo(SECRET);
  }

  @Test
  void readsTrimmedTokenFromFile() {
    env.remove("ACM_TOKEN");
    env.put("ACM_TOKEN_FILE", "/var/run/acm/token");
    lookups.file("/var/run/acm/token", "file-token\n");

    assertThat(config().token()).isEqualTo("file-token");
  }

  @Test
  void unreadableTokenFileIsNamed() {
    env.remove("ACM_TOKEN");
    env.put("ACM_TOKEN_FILE", "/nope/token");

    assertInvalid("ACM_TOKEN_FILE", "/nope/token");
  }

  @Test
  void emptyTokenFileIsNamed() {
    env.remove("ACM_TOKEN");
    env.put("ACM_TOKEN_FILE", "/var/run/acm/token");
    lookups.file("/var/run/acm/token", " \n");

    assertInvalid("ACM_TOKEN_FILE", "is empty");
  }

  @Test
  void tokenThatCannotBeAHeaderIsRejectedWithoutPrintingIt() {
    env.put("ACM_TOKEN", "two " + SECRET);

    assertInvalid("ACM_TOKEN", "not allowed in HTTP headers");
  }

  @Test
  void explicitWorkerIdAndAddressWinWithoutReadingEcsMetadata() {
    env.putAll(Map.of("ACM_WORKER_ID", "w-1", "ACM_WORKER_ADDRESS", "10.1.2.3"));
    env.put("AWS_BATCH_JOB_ID", "batch-job");
    env.put("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE);

    AgentConfig config = config();

    assertThat(config.workerId()).isEqualTo("w-1");
    assertThat(config.workerAddress()).isEqualTo("10.1.2.3");
    assertThat(lookups.ecsReads()).isEmpty();
  }

  @Test
  void batchJobIdIsTheWorkerId() {
    env.put("AWS_BATCH_JOB_ID", "5d1f3c2e-aaaa-bbbb-cccc-0123456789ab");

    assertThat(config().workerId()).isEqualTo("5d1f3c2e-aaaa-bbbb-cccc-0123456789ab");
  }

  @Test
  void batchArrayChildIdThatAlreadyHasItsIndexIsKept() {
    env.put("AWS_BATCH_JOB_ID", "parent-job:3");
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "3");

    assertThat(config().workerId()).isEqualTo("parent-job:3");
  }

  @Test
  void batchArrayIndexIsAppendedWhenTheIdLacksIt() {
    env.put("AWS_BATCH_JOB_ID", "parent-job");
    env.put("AWS_BATCH_JOB_ARRAY_INDEX", "3");

    assertThat(config().workerId()).isEqualTo("parent-job:3");
  }

  @Test
  void aMultiNodeNodeIsTheJobIdHashTheNodeIndex() {
    env.put("AWS_BATCH_JOB_ID", "mnp-job");
    env.put("AWS_BATCH_JOB_NODE_INDEX", "2");
    env.put("AWS_BATCH_JOB_MAIN_NODE_INDEX", "0");
    env.put("AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS", "10.0.0.10");
    env.put("ACM_WORKER_ADDRESS", "10.0.0.12");

    AgentConfig config = config();

    assertThat(config.workerId()).isEqualTo("mnp-job#2");
    assertThat(config.workloadEnvironment()).as("Batch told the workload already").isEmpty();
  }

  @Test
  void aMultiNodeNodeIdThatAlreadyHasItsIndexIsKept() {
    env.put("AWS_BATCH_JOB_ID", "mnp-job#2");
    env.put("AWS_BATCH_JOB_NODE_INDEX", "2");

    assertThat(config().workerId()).isEqualTo("mnp-job#2");
  }

  @Test
  void onTheMainNodeTheWorkloadGetsItsOwnAddressAsTheMainNodes() {
    env.put("AWS_BATCH_JOB_ID", "mnp-job#1");
    env.put("AWS_BATCH_JOB_NODE_INDEX", "1");
    env.put("AWS_BATCH_JOB_MAIN_NODE_INDEX", "1");
    env.put("ACM_WORKER_ADDRESS", "10.0.0.11");

    assertThat(config().workloadEnvironment())
        .containsExactly(Map.entry("AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS", "10.0.0.11"));
  }

  @Test
  void ecsTaskIdAndAddressComeFromOneMetadataRead() {
    env.put("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE);
    lookups.ecsMetadata(ECS_BASE + "/task", ECS_TASK_JSON);

    AgentConfig config = config();

    assertThat(config.workerId()).isEqualTo("0f1e2d3c4b5a");
    assertThat(config.workerAddress()).isEqualTo("10.0.2.106");
    assertThat(lookups.ecsReads()).containsExactly(ECS_BASE + "/task");
  }

  @Test
  void batchIdWithEcsAddressOnBatchOnFargate() {
    env.put("AWS_BATCH_JOB_ID", "batch-job");
    env.put("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE);
    lookups.ecsMetadata(ECS_BASE + "/task", ECS_TASK_JSON);

    AgentConfig config = config();

    assertThat(config.workerId()).isEqualTo("batch-job");
    assertThat(config.workerAddress()).isEqualTo("10.0.2.106");
  }

  @Test
  void ecsMetadataWithoutNetworksFallsBackToTheHostAddress() {
    env.put("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE + "/");
    lookups.ecsMetadata(ECS_BASE + "/task", "{\"TaskARN\": \"arn:aws:ecs:r:1:task/c/t-9\"}");

    AgentConfig config = config();

    assertThat(config.workerId()).isEqualTo("t-9");
    assertThat(config.workerAddress()).isEqualTo("192.168.7.7");
  }

  @Test
  void unreadableEcsMetadataIsNamed() {
    env.put("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE);

    assertInvalid("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE + "/task");
  }

  @Test
  void ecsMetadataThatIsNotJsonIsNamed() {
    env.put("ECS_CONTAINER_METADATA_URI_V4", ECS_BASE);
    lookups.ecsMetadata(ECS_BASE + "/task", "<html>");

    assertInvalid("ECS_CONTAINER_METADATA_URI_V4");
  }

  @Test
  void hostNameAndAddressAreTheLastResort() {
    lookups.host("ip-10-0-0-9", "10.0.0.9");

    AgentConfig config = config();

    assertThat(config.workerId()).isEqualTo("ip-10-0-0-9");
    assertThat(config.workerAddress()).isEqualTo("10.0.0.9");
  }

  @Test
  void unknownHostAsksForExplicitIdentity() {
    lookups.hostUnknown();

    assertInvalid("ACM_WORKER_ID", "ACM_WORKER_ADDRESS");
  }

  @Test
  void hostNameThatIsNoValidWorkerIdAsksForAcmWorkerId() {
    lookups.host("weird host", "10.0.0.9");

    assertInvalid("this host's name", "ACM_WORKER_ID");
  }
}
