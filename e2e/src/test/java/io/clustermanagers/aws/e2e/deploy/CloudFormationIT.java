package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The AWS side: the CloudFormation templates pass cfn-lint, and the operator's IAM policy fits what
 * they create (roles it may pass, queues and clusters it may use).
 */
class CloudFormationIT {
  private static final List<String> TEMPLATES =
      List.of(
          "deploy/aws/batch-stack.yaml",
          "deploy/aws/ecs-stack.yaml",
          "deploy/aws/worker-role-stack.yaml");

  /** Each template's workers' role and the parameter that names whose tokens it may read. */
  private static final Map<String, List<String>> WORKER_ROLES =
      Map.of(
          "deploy/aws/batch-stack.yaml", List.of("JobRole", "WorkerClusters"),
          "deploy/aws/ecs-stack.yaml", List.of("TaskRole", "WorkerClusters"),
          "deploy/aws/worker-role-stack.yaml", List.of("WorkerRole", "Clusters"));

  /** cfn-lint's command line, through python3 so that a pip install without PATH still works. */
  private static final String CFN_LINT =
      "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; sys.exit(main())";

  @Test
  void templatesPassCfnLint() {
    List<String> args = new ArrayList<>(List.of("-c", CFN_LINT, "--"));
    args.addAll(TEMPLATES);
    Tools.run("python3", args.toArray(String[]::new)).successfulOutput();
  }

  @Test
  void cfnLintCatchesABrokenTemplate() throws Exception {
    java.nio.file.Path broken = java.nio.file.Files.createTempFile("broken-stack", ".yaml");
    try {
      java.nio.file.Files.writeString(
          broken,
          DeployFiles.read("deploy/aws/ecs-stack.yaml")
              .replace("NetworkMode: awsvpc", "NetworkMode: awsvpc\n      NoSuchProperty: 1"));
      assertThat(Tools.run("python3", "-c", CFN_LINT, "--", broken.toString()).exitCode())
          .isNotZero();
    } finally {
      java.nio.file.Files.deleteIfExists(broken);
    }
  }

  @Test
  void workerRolesAreTheOnlyRolesTheOperatorMayPass() {
    JsonNode policy = DeployFiles.yaml("deploy/aws/operator-iam-policy.json");
    List<JsonNode> passRole = statements(policy, "iam:PassRole");
    assertThat(passRole).hasSize(1);
    assertThat(passRole.get(0).path("Resource").asText())
        .isEqualTo("arn:aws:iam::*:role/aws-cluster-operator/*");

    for (String template : TEMPLATES) {
      JsonNode resources = DeployFiles.yaml(template).path("Resources");
      List<String> roles =
          template.contains("worker-role")
              ? List.of("WorkerRole")
              : List.of("ExecutionRole", WORKER_ROLES.get(template).get(0));
      for (String role : roles) {
        assertThat(resources.path(role).path("Properties").path("Path").asText())
            .as("%s's %s path", template, role)
            .isEqualTo("/aws-cluster-operator/");
      }
    }
  }

  @Test
  void stackQueuesAndClustersAreTheOnesThePolicyAllows() {
    JsonNode policy = DeployFiles.yaml("deploy/aws/operator-iam-policy.json");
    assertThat(statements(policy, "batch:SubmitJob").get(0).path("Resource").toString())
        .contains("job-queue/acm-*");
    assertThat(statements(policy, "ecs:RunTask").get(0).toString()).contains("cluster/acm-*");
    assertThat(DeployFiles.read("deploy/aws/batch-stack.yaml"))
        .contains("JobQueueName: !Sub acm-${AWS::StackName}");
    assertThat(DeployFiles.read("deploy/aws/ecs-stack.yaml"))
        .contains("ClusterName: !Sub acm-${AWS::StackName}");
    assertThat(DeployFiles.read("deploy/aws/ecs-stack.yaml"))
        .contains("CapacityProviders: [FARGATE, FARGATE_SPOT]");
  }

  @Test
  void workersMayReadExactlyTheTokenSecretsTheOperatorWrites() {
    JsonNode policy = DeployFiles.yaml("deploy/aws/operator-iam-policy.json");
    for (String action :
        List.of(
            "secretsmanager:CreateSecret",
            "secretsmanager:PutSecretValue",
            "secretsmanager:DeleteSecret")) {
      assertThat(statements(policy, action).get(0).path("Resource").asText())
          .isEqualTo("arn:aws:secretsmanager:*:*:secret:aws-cluster-operator/*");
    }
    for (String template : TEMPLATES) {
      JsonNode statement = tokenStatement(template);
      String parameter = WORKER_ROLES.get(template).get(1);
      // The YAML reader drops CloudFormation's tags: !Sub and !Ref leave their text.
      assertThat(statement.path("Resource").asText())
          .as("%s: by the secret's name", template)
          .endsWith(":secret:aws-cluster-operator/${" + parameter + "}/*");
      assertThat(
              statement
                  .path("Condition")
                  .path("StringLike")
                  .path("secretsmanager:ResourceTag/aws.clustermanagers.io/cluster")
                  .asText())
          .as("%s: by the secret's tag", template)
          .isEqualTo(parameter);
    }
  }

  /**
   * A role confined to one namespace reads its clusters' tokens and no other's. IAM itself is not
   * here (moto ignores a policy's Resource and Condition): this test evaluates the statement's
   * Resource and StringLike condition with IAM's wildcard rules ({@code *}, {@code ?}), on the
   * secret name and tag the operator writes (BatchOperatorSuite checks those on moto).
   */
  @Test
  void aRoleForOneNamespaceMatchesOnlyThatNamespacesTokens() {
    for (String template : TEMPLATES) {
      JsonNode statement = tokenStatement(template);
      String parameter = WORKER_ROLES.get(template).get(1);
      String resource =
          statement
              .path("Resource")
              .asText()
              .replace("${AWS::Partition}", "aws")
              .replace("${AWS::Region}", "eu-west-1")
              .replace("${AWS::AccountId}", "111122223333");
      for (String pattern : List.of("team-a/*", "team-a/mpi")) {
        String allowed = resource.replace("${" + parameter + "}", pattern);
        assertThat(readable(allowed, pattern, "team-a", "mpi"))
            .as(template + " " + pattern)
            .isTrue();
        assertThat(readable(allowed, pattern, "team-b", "mpi"))
            .as(template + " " + pattern)
            .isFalse();
        assertThat(readable(allowed, pattern, "team-a-x", "mpi"))
            .as(template + " " + pattern)
            .isFalse();
      }
      assertThat(
              readable(
                  resource.replace("${" + parameter + "}", "team-a/mpi"),
                  "team-a/mpi",
                  "team-a",
                  "mpi-2"))
          .as(template + ": another cluster of the same namespace")
          .isFalse();
      String defaultValue =
          DeployFiles.yaml(template).path("Parameters").path(parameter).path("Default").asText();
      if (!defaultValue.isEmpty()) {
        assertThat(defaultValue).as("%s's default keeps today's reach", template).isEqualTo("*/*");
      }
    }
  }

  /** Whether a statement with this Resource and tag pattern allows reading the cluster's token. */
  private static boolean readable(
      String resourcePattern, String tagPattern, String namespace, String name) {
    String arn =
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:aws-cluster-operator/"
            + namespace
            + "/"
            + name
            + "/3f2a9c1e-77aa-4b1e-9d0c-0a1b2c3d4e5f-AbCdEf";
    return iamLike(resourcePattern, arn) && iamLike(tagPattern, namespace + "/" + name);
  }

  /** IAM's StringLike and ARN matching: {@code *} any run of characters, {@code ?} one. */
  private static boolean iamLike(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(
          c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    }
    return value.matches(regex.toString());
  }

  private static JsonNode tokenStatement(String template) {
    String role = WORKER_ROLES.get(template).get(0);
    JsonNode read =
        DeployFiles.yaml(template)
            .path("Resources")
            .path(role)
            .path("Properties")
            .path("Policies")
            .get(0)
            .path("PolicyDocument");
    return statements(read, "secretsmanager:GetSecretValue").get(0);
  }

  @Test
  void theMultiNodePartIsAnEc2QueueInAClusterPlacementGroupWithAnOpenRangeDefinition() {
    JsonNode resources = DeployFiles.yaml("deploy/aws/batch-stack.yaml").path("Resources");
    JsonNode environment = resources.path("MultiNodeComputeEnvironment").path("Properties");
    assertThat(environment.path("ComputeResources").path("Type").asText()).isEqualTo("EC2");
    assertThat(environment.path("ComputeResources").path("PlacementGroup").toString())
        .contains("ClusterPlacementGroup");
    assertThat(resources.path("ClusterPlacementGroup").path("Properties").path("Strategy").asText())
        .isEqualTo("cluster");
    assertThat(DeployFiles.read("deploy/aws/batch-stack.yaml"))
        .as("a queue the operator's policy allows SubmitJob on")
        .contains("JobQueueName: !Sub acm-${AWS::StackName}-multinode");
    JsonNode definition = resources.path("MultiNodeJobDefinition").path("Properties");
    assertThat(definition.path("Type").asText()).isEqualTo("multinode");
    JsonNode nodes = definition.path("NodeProperties");
    // MotoBatchWorld registers this definition through the API (moto's CloudFormation cannot)
    // with these values.
    assertThat(nodes.path("NumNodes").asInt()).isEqualTo(2);
    assertThat(nodes.path("MainNode").asInt()).isZero();
    assertThat(nodes.path("NodeRangeProperties").get(0).path("TargetNodes").asText())
        .as("an open range: the operator may submit any node count")
        .isEqualTo("0:");
  }

  @Test
  void teardownIsOffByDefault() {
    JsonNode parameters = DeployFiles.yaml("deploy/aws/batch-stack.yaml").path("Parameters");
    assertThat(parameters.path("TeardownAfterIdleHours").path("Default").asInt()).isZero();
  }

  private static List<JsonNode> statements(JsonNode policy, String action) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode statement : policy.path("Statement")) {
      JsonNode actions = statement.path("Action");
      List<String> names = new ArrayList<>();
      if (actions.isArray()) {
        actions.forEach(a -> names.add(a.asText()));
      } else {
        names.add(actions.asText());
      }
      if (names.contains(action)) {
        found.add(statement);
      }
    }
    assertThat(found).as("statements allowing %s", action).isNotEmpty();
    return found;
  }
}
