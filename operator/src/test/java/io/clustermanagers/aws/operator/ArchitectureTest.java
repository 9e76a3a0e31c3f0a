package io.clustermanagers.aws.operator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import io.clustermanagers.aws.operator.core.ReconcileTrigger;
import io.clustermanagers.aws.operator.main.CoreAssembly;

/**
 * The dependency lines of the style guide ("The shape of the house"), checked on the compiled main
 * classes of the operator and of the {@code crds} module (a dependency, so its classes are on this
 * class path). What a rule allows beyond the style guide, it allows because the code does so today,
 * and says why next to the rule.
 *
 * <p>The rules are {@code @ArchTest} methods, not {@code ArchRule} fields: Surefire 3.5.3 (the
 * parent pom's version) silently runs no {@code @ArchTest} field (TNG/ArchUnit#1442, fixed in
 * Surefire 3.5.4). A rule whose {@code that()} selects no class fails (ArchUnit's default {@code
 * archRule.failOnEmptyShould}), so a renamed package or class cannot make a rule pass by itself.
 */
@AnalyzeClasses(
    packages = {"io.clustermanagers.aws.operator", "io.clustermanagers.aws.api"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String OPERATOR = "io.clustermanagers.aws.operator";
  private static final String MAIN = OPERATOR + ".main..";
  private static final String CONTROLLER = OPERATOR + ".controller..";
  private static final String STANDALONE = OPERATOR + ".standalone..";
  private static final String CORE = OPERATOR + ".core..";
  private static final String BACKEND = OPERATOR + ".backend";
  private static final String COORDINATOR = OPERATOR + ".coordinator";
  private static final String API = "io.clustermanagers.aws.api..";
  private static final String AGENT = "io.clustermanagers.aws.agent..";

  private static final String JOSDK = "io.javaoperatorsdk..";
  private static final String AWS_SDK = "software.amazon.awssdk..";
  private static final String FABRIC8 = "io.fabric8..";
  private static final String FABRIC8_MODEL = "io.fabric8.kubernetes.api.model..";
  private static final String HTTP_SERVER = "com.sun.net.httpserver..";
  private static final String NETTY = "io.netty..";

  /** The registry classes of {@code coordinator}; the rest of the package is its HTTP front. */
  private static final String REGISTRY_CLASSES =
      "(WorkerRegistry|WorkerEntry|RegisteredWorker|RegistryListener|OpenCluster)";

  /** {@code controller}, {@code standalone} and {@code main} use {@code core}, not the reverse. */
  @ArchTest
  void core_does_not_depend_on_controller_standalone_or_main(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CONTROLLER, STANDALONE, MAIN)
        .because("controller, standalone and main use core, not the other way round")
        .check(classes);
  }

  /**
   * {@code core} knows neither JOSDK, nor the AWS SDK, nor the Kubernetes client.
   *
   * <p>fabric8 <em>model</em> classes ({@code io.fabric8.kubernetes.api.model..}) are allowed: the
   * resource types of {@code crds} are made of them, and core computes the status conditions
   * ({@code io.fabric8.kubernetes.api.model.Condition}, in {@code ConditionSet} and {@code
   * StatusCalculator}) that the resource carries. Every other fabric8 package (the client,
   * informers, leader election, ...) is not.
   */
  @ArchTest
  void core_does_not_depend_on_josdk_aws_sdk_or_the_kubernetes_client(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(JOSDK, AWS_SDK)
        .orShould()
        .dependOnClassesThat(resideInAPackage(FABRIC8).and(not(resideInAPackage(FABRIC8_MODEL))))
        .because(
            "core is plain logic over records: JOSDK stays in controller, the AWS SDK in the"
                + " backends, the Kubernetes client in controller and main (fabric8 model classes"
                + " such as Condition are resource types and allowed)")
        .check(classes);
  }

  /** {@code core} sees the {@code backend} interface package, never an implementation. */
  @ArchTest
  void core_uses_the_backend_interface_only(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BACKEND + ".*..")
        .because("core talks to WorkerBackend; main picks local, batch or ecs")
        .check(classes);
  }

  /** {@code core} uses the registry of {@code coordinator}, not its HTTP front. */
  @ArchTest
  void core_uses_the_coordinator_registry_only(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage(CORE)
        .should()
        .dependOnClassesThat()
        .haveNameMatching("\\Q" + COORDINATOR + ".\\E(?!" + REGISTRY_CLASSES + "(\\$|$)).*")
        .because("core reads which workers registered; the HTTP front is main's to start")
        .check(classes);
  }

  /**
   * Only the AWS backends ({@code backend.batch}, {@code backend.ecs} and their shared {@code
   * backend.aws}) use the AWS SDK. Allowed beyond the style guide: {@code main}, the composition
   * root, which adds the AWS call metrics ({@code backend.aws.AwsCallMetrics}, an SDK {@code
   * ExecutionInterceptor}) to the client settings it builds ({@code main.CoreAssembly}). ({@code
   * config} does not use the SDK and is not allowed to.)
   */
  @ArchTest
  void only_the_aws_backends_and_main_use_the_aws_sdk(JavaClasses classes) {
    noClasses()
        .that()
        .resideOutsideOfPackages(BACKEND + ".batch..", BACKEND + ".ecs..", BACKEND + ".aws..", MAIN)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(AWS_SDK)
        .because("SDK types never leave the AWS backends (style guide, habit 3)")
        .check(classes);
  }

  /** Only {@code controller} (the JOSDK adapter) and {@code main} (which starts it) use JOSDK. */
  @ArchTest
  void only_controller_and_main_use_josdk(JavaClasses classes) {
    noClasses()
        .that()
        .resideOutsideOfPackages(CONTROLLER, MAIN)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(JOSDK)
        .because("controller is the one JOSDK adapter; main composes it")
        .check(classes);
  }

  /**
   * The worker registry of {@code coordinator} knows nothing of HTTP (Netty, the coordinator's
   * server, nor the JDK's {@code com.sun.net.httpserver}); {@code CoordinatorServer} and its
   * handlers are its HTTP front. Nested classes of the registry classes count as the registry.
   */
  @ArchTest
  void coordinator_registry_has_no_http_types(JavaClasses classes) {
    noClasses()
        .that()
        .haveNameMatching("\\Q" + COORDINATOR + ".\\E" + REGISTRY_CLASSES + "(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(HTTP_SERVER, NETTY)
        .because("the registry is soft state behind an HTTP front, not part of it")
        .check(classes);
  }

  /** Netty is the coordinator's HTTP front and nothing else's. */
  @ArchTest
  void only_the_coordinator_front_uses_netty(JavaClasses classes) {
    noClasses()
        .that()
        .resideOutsideOfPackage(COORDINATOR)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(NETTY)
        .because("the coordinator's server is the one Netty server; main starts it")
        .check(classes);
  }

  /** The API module ({@code crds}) is the bottom: it imports nothing of ours. */
  @ArchTest
  void crds_import_nothing_of_ours(JavaClasses classes) {
    noClasses()
        .that()
        .resideInAPackage(API)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(OPERATOR + "..", AGENT)
        .because("crds is the API only; the operator and the agent depend on it")
        .check(classes);
  }

  /**
   * No cycles between the top-level packages ({@code backend} with its implementations is one
   * slice). Two cycles exist today and are exempted by the one dependency that closes each, so that
   * any other dependency that closes a cycle still fails:
   *
   * <ul>
   *   <li>{@code backend -> core -> backend}: {@code backend.local.LocalWorkerBackend} asks for a
   *       reconcile through {@code core.ReconcileTrigger} when a local process ends. Moving that
   *       one-method interface next to {@code ClusterKey} in {@code model} would end the cycle.
   *   <li>{@code main -> standalone -> main}: {@code standalone.StandaloneRun} builds its parts
   *       with {@code main.CoreAssembly}, the composition shared with the operator mode. Moving
   *       {@code CoreAssembly} out of {@code main}, or handing {@code StandaloneRun} its parts
   *       through a type of its own, would end the cycle.
   * </ul>
   */
  @ArchTest
  void top_level_packages_are_free_of_cycles(JavaClasses classes) {
    slices()
        .matching(OPERATOR + ".(*)..")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            resideInAPackage(BACKEND + ".local.."), equivalentTo(ReconcileTrigger.class))
        .ignoreDependency(resideInAPackage(STANDALONE), equivalentTo(CoreAssembly.class))
        .check(classes);
  }
}
