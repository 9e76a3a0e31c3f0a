package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.Kubectl;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared table of invalid AwsClusters ({@link InvalidAwsClusterCase}) against the real API
 * server with the shipped CRD ({@link TestKube}): schema and CEL cases are refused with a 422
 * naming the case's field, through fabric8 and through the real {@code kubectl apply
 * --validate=strict}; transition cases are created and their change refused; unknown fields are
 * dropped with a warning unless the client asks for strict field validation, which refuses them;
 * operator cases are accepted, and the operator (every backend enabled, AWS unreachable) reports
 * them as InvalidSpec naming the field without launching anything or calling AWS. Ends with a table
 * per judge.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvalidAwsClustersIT {
  private static final String NS = "invalid";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext AWS_CLUSTERS =
      ResourceDefinitionContext.fromResourceType(AwsCluster.class);
  private static final JudgeTally TALLY = new JudgeTally();
  private static final WarningRecorder WARNINGS = new WarningRecorder();
  private static final AwsCallCounter AWS_CALLS = new AwsCallCounter();
  private static KubeApiServer server;
  private static KubernetesClient admin;
  private static Kubectl kubectl;
  private static Set<String> ruleMessages;
  private static OperatorHarness operator;

  @BeforeAll
  static void connect() {
    server = TestKube.shared();
    admin =
        server.adminClient(
            b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("w", WARNINGS)));
    kubectl = new Kubectl(server.adminKubeconfig());
    TestKube.ensureNamespace(admin, NS);
    ruleMessages = ruleMessages(servedCrd());
  }

  @AfterAll
  static void summarize() {
    try {
      if (operator != null) {
        operator.close();
      }
      System.out.println(TALLY.table(admin.getKubernetesVersion().getGitVersion()));
      assertThat(AWS_CALLS.snapshot()).as("AWS calls of the operator in the whole run").isEmpty();
      assertThat(OperatorHarness.liveAgents()).as("agents left").isEmpty();
    } finally {
      admin.close();
    }
  }

  /**
   * What a failed server-only case left (the operator, once started, would reconcile it). Operator
   * cases leave theirs: deleting would make the operator ask AWS what runs; the harness removes
   * them once the operator has stopped.
   */
  @AfterEach
  void removeWhatWasLeft() {
    if (operator == null) {
      clusters().delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .alias("no AwsCluster left in " + NS)
          .until(() -> clusters().list().getItems().isEmpty());
    }
  }

  static Stream<Arguments> createCases() {
    return InvalidAwsClusterCase.judgedBy(false, "schema", "cel");
  }

  static Stream<Arguments> updateCases() {
    return InvalidAwsClusterCase.judgedBy(true, "schema", "cel");
  }

  static Stream<Arguments> unknownFieldCases() {
    return InvalidAwsClusterCase.judgedBy(false, "schema-strict");
  }

  static Stream<Arguments> operatorCases() {
    return InvalidAwsClusterCase.judgedBy(false, "operator");
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("createCases")
  void serverRefusesTheCreate(String name, InvalidAwsClusterCase c) {
    TALLY.counted(c);
    assertInvalid(c, () -> clusters().resource(resource(c.manifest())).create());
    assertKubectlRefuses(c, apply(c.manifest()), "is invalid", c.field() + ": ");
    assertThat(stored(c)).as("%s: stored after the refusals", name).isNull();
    TALLY.asExpected(c);
  }

  @Order(2)
  @ParameterizedTest(name = "{0}")
  @MethodSource("updateCases")
  void serverRefusesTheChange(String name, InvalidAwsClusterCase c) {
    JsonNode update = c.update().orElseThrow();
    TALLY.counted(c);
    GenericKubernetesResource created =
        succeeds(
            c,
            "create the valid manifest",
            () -> clusters().resource(resource(c.manifest())).create());
    GenericKubernetesResource changed = resource(update);
    changed.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
    assertInvalid(c, () -> clusters().resource(changed).update());
    assertFieldKept(c, "PUT");
    delete(c);

    succeeds(c, "kubectl apply the valid manifest", () -> apply(c.manifest()).orThrow());
    assertKubectlRefuses(c, apply(update), "is invalid", c.field() + ": ");
    assertFieldKept(c, "kubectl apply");
    delete(c);
    TALLY.asExpected(c);
  }

  /**
   * A structural schema prunes unknown fields: without strict field validation (fabric8's default;
   * the server's default is Warn) the create succeeds, the field is dropped and a Warning header
   * names it. Strict validation (fabric8's fieldValidation, kubectl's default --validate=strict)
   * refuses it with a 400 BadRequest, not a 422: a decoding error, which has no causes.
   */
  @Order(3)
  @ParameterizedTest(name = "{0}")
  @MethodSource("unknownFieldCases")
  void serverDropsUnknownFieldsUnlessStrict(String name, InvalidAwsClusterCase c) {
    TALLY.counted(c);
    String unknown = "unknown field \"" + c.field() + "\"";
    WARNINGS.drain();
    GenericKubernetesResource created =
        succeeds(
            c,
            "create without strict validation",
            () -> clusters().resource(resource(c.manifest())).create());
    assertThat(WARNINGS.drain())
        .as("%s: the server's warnings", name)
        .anyMatch(w -> w.contains(unknown));
    JsonNode kept = c.fieldIn(JSON.valueToTree(created));
    assertThat(kept.isMissingNode()).as("%s: %s dropped, not %s", name, c.field(), kept).isTrue();
    delete(c);

    ServerRejection strict =
        refused(
            c,
            () ->
                clusters()
                    .resource(resource(c.manifest()))
                    .fieldValidation(Validation.STRICT)
                    .create());
    assertThat(strict.code()).as("%s: HTTP status (%s)", name, strict.message()).isEqualTo(400);
    assertThat(strict.message())
        .as("%s: the server's message", name)
        .contains("strict decoding error", unknown);
    assertKubectlRefuses(c, apply(c.manifest()), unknown);
    assertThat(stored(c)).as("%s: stored after the strict refusals", name).isNull();
    TALLY.asExpected(c);
  }

  @Order(4)
  @ParameterizedTest(name = "{0}")
  @MethodSource("operatorCases")
  void operatorReportsTheFieldAndLaunchesNothing(String name, InvalidAwsClusterCase c)
      throws IOException {
    TALLY.counted(c);
    OperatorHarness harness = operator();
    // Strict: the server keeps every field, so the operator judges the manifest as written.
    succeeds(
        c,
        "create with strict validation",
        () ->
            clusters()
                .resource(resource(c.manifest()))
                .fieldValidation(Validation.STRICT)
                .create());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertReportedInvalid(c, harness));
    AwsClusterStatus status = harness.status(NS, name);
    assertThat(status.getNextLaunchSequence()).as("%s: nothing launched", name).isIn(null, 0L);
    assertThat(OperatorHarness.liveAgents()).as("%s: agent processes", name).isEmpty();
    assertThat(AWS_CALLS.snapshot()).as("%s: AWS calls of the operator so far", name).isEmpty();
    TALLY.asExpected(c);
  }

  private static void assertReportedInvalid(InvalidAwsClusterCase c, OperatorHarness harness) {
    Condition ready = harness.condition(NS, c.name(), "Ready").orElse(null);
    assertThat(ready).as("%s: the Ready condition", c.name()).isNotNull();
    assertThat(ready.getStatus()).as("%s: Ready", c.name()).isEqualTo("False");
    assertThat(ready.getReason())
        .as("%s: Ready's reason (%s)", c.name(), ready.getMessage())
        .isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).as("%s: Ready's message", c.name()).contains(c.field());
    assertThat(harness.status(NS, c.name()).getPhase())
        .as("%s: phase", c.name())
        .isEqualTo("Invalid");
  }

  /**
   * Started with the first operator case, once every server-only case has run: an operator running
   * meanwhile would reconcile the clusters those create. Every backend is enabled, so that the spec
   * is judged on its own; AWS is a loopback port where nothing listens, and every call is counted.
   */
  private static synchronized OperatorHarness operator() throws IOException {
    if (operator == null) {
      operator =
          new OperatorHarness(
              OperatorHarness.testConfig(
                  EnumSet.allOf(BackendType.class),
                  MotoServer.settings(unreachableLoopback(), AWS_CALLS)));
    }
    return operator;
  }

  private static URI unreachableLoopback() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  /** A 422 Invalid whose every field error names the case's field, from the case's judge. */
  private static void assertInvalid(InvalidAwsClusterCase c, ThrowingCallable write) {
    ServerRejection r = refused(c, write);
    String said = r.message();
    assertThat(r.code()).as("%s: HTTP status (%s)", c.name(), said).isEqualTo(422);
    assertThat(said).as("%s: the server's message", c.name()).contains(c.field());
    assertThat(r.fields())
        .as("%s: the fields named (%s)", c.name(), said)
        .isNotEmpty()
        .containsOnly(c.field());
    if (c.judge().equals("cel")) {
      assertThat(r.fieldErrors())
          .as("%s: only CEL rules refuse it (%s)", c.name(), said)
          .allMatch(e -> isRuleMessage(e.getMessage()) && e.getMessage().contains(c.field()));
    } else {
      assertThat(r.fieldErrors())
          .as("%s: the schema refuses it (%s)", c.name(), said)
          .anyMatch(e -> !isRuleMessage(e.getMessage()));
    }
  }

  private static ServerRejection refused(InvalidAwsClusterCase c, ThrowingCallable write) {
    Throwable thrown = catchThrowable(write);
    assertThat(thrown)
        .as("%s: the server's answer", c.name())
        .isInstanceOf(KubernetesClientException.class);
    return ServerRejection.of((KubernetesClientException) thrown);
  }

  private static void assertKubectlRefuses(
      InvalidAwsClusterCase c, Kubectl.Result r, String... said) {
    assertThat(r.exit()).as("%s: kubectl apply's exit code (%s)", c.name(), r.out()).isNotZero();
    assertThat(r.err()).as("%s: kubectl apply's error", c.name()).contains(said);
  }

  /** After a refused change the server still holds the created manifest's value at the field. */
  private static void assertFieldKept(InvalidAwsClusterCase c, String how) {
    GenericKubernetesResource now = stored(c);
    assertThat(now).as("%s: stored after the refused %s", c.name(), how).isNotNull();
    assertThat(c.fieldIn(JSON.valueToTree(now)))
        .as("%s: %s after the refused %s", c.name(), c.field(), how)
        .isEqualTo(c.fieldIn(c.manifest()));
  }

  private static boolean isRuleMessage(String causeMessage) {
    return causeMessage != null && ruleMessages.stream().anyMatch(causeMessage::endsWith);
  }

  private static <T> T succeeds(InvalidAwsClusterCase c, String what, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      throw new AssertionError(c.name() + ": " + what + " failed: " + e.getMessage(), e);
    }
  }

  private static Kubectl.Result apply(JsonNode manifest) {
    return kubectl.runWithInput(
        manifest.toString(), "apply", "--validate=strict", "-n", NS, "-f", "-");
  }

  private static void delete(InvalidAwsClusterCase c) {
    clusters().withName(c.name()).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .alias(c.name() + ": deleted")
        .until(() -> stored(c) == null);
  }

  private static GenericKubernetesResource stored(InvalidAwsClusterCase c) {
    return clusters().withName(c.name()).get();
  }

  private static GenericKubernetesResource resource(JsonNode manifest) {
    return admin
        .getKubernetesSerialization()
        .convertValue(manifest, GenericKubernetesResource.class);
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      clusters() {
    return admin.genericKubernetesResources(AWS_CLUSTERS).inNamespace(NS);
  }

  private static JsonNode servedCrd() {
    return JSON.valueToTree(
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("awsclusters.aws.clustermanagers.io")
            .get());
  }

  /** The message of every x-kubernetes-validations rule anywhere in the CRD's schema. */
  private static Set<String> ruleMessages(JsonNode crd) {
    Set<String> messages = new HashSet<>();
    crd.findValues("x-kubernetes-validations")
        .forEach(rules -> rules.forEach(r -> messages.add(r.path("message").asText())));
    assertThat(messages).as("the served CRD's rule messages").isNotEmpty();
    return messages;
  }
}
