package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.EnvVar;
import io.clustermanagers.aws.api.v1alpha1.MultiNodeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a spec the way the CRD schema would, plus what only the operator knows (which backends are
 * enabled, which settings each backend needs). Pure: no I/O.
 */
public final class SpecValidator {
  private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]*";

  /** The ACM_ variables the user gives the agent: which CA an https:// coordinator chains to. */
  private static final java.util.Set<String> USER_AGENT_VARIABLES =
      java.util.Set.of("ACM_COORDINATOR_CA", "ACM_COORDINATOR_CA_FILE");

  private final Set<BackendType> enabledBackends;

  public SpecValidator(Set<BackendType> enabledBackends) {
    this.enabledBackends = Set.copyOf(enabledBackends);
  }

  /** The validated spec, or every problem found. */
  public ValidationResult validate(AwsClusterSpec spec) {
    if (spec == null) {
      return ValidationResult.invalid(List.of(new SpecError("spec", "is required")));
    }
    List<SpecError> errors = new ArrayList<>();
    Optional<BackendType> backend = backend(spec.getBackend(), errors);
    int replicas = orDefault(spec.getReplicas(), 1);
    if (replicas < 0) {
      errors.add(new SpecError("spec.replicas", "must be 0 or more, got " + replicas));
    } else if (replicas > AwsClusterSpec.REPLICAS_MAX) {
      // The CRD says so too; this holds where an older CRD is installed.
      errors.add(
          new SpecError(
              "spec.replicas",
              "must be at most " + AwsClusterSpec.REPLICAS_MAX + ", got " + replicas));
    }
    int minReady = orDefault(spec.getMinReady(), Math.max(replicas, 0));
    if (minReady < 0) {
      errors.add(new SpecError("spec.minReady", "must be 0 or more, got " + minReady));
    } else if (replicas >= 0 && minReady > replicas) {
      errors.add(
          new SpecError(
              "spec.minReady",
              "(" + minReady + ") must not exceed spec.replicas (" + replicas + ")"));
    }
    Duration registration =
        SpecDurations.positive(
            "spec.registrationTimeout", spec.getRegistrationTimeout(), "25m", errors);
    Optional<GangPolicy> gang = Optional.empty();
    Optional<MultiNodeSpec> multiNode =
        backend.filter(b -> b == BackendType.BATCH).flatMap(b -> MultiNodeRules.of(spec));
    if (multiNode.isPresent()) {
      MultiNodeRules.check(multiNode.get(), replicas, errors);
      registration = MultiNodeRules.registrationTimeout(multiNode.get(), errors);
      gang = Optional.of(MultiNodeRules.policy(multiNode.get()));
    }
    Duration heartbeat =
        SpecDurations.positive("spec.heartbeatTimeout", spec.getHeartbeatTimeout(), "30s", errors);
    Duration coordinatorLoss =
        SpecDurations.positive(
            "spec.coordinatorLossTimeout", spec.getCoordinatorLossTimeout(), "15m", errors);
    if (coordinatorLoss.compareTo(heartbeat) < 0 && !coordinatorLoss.isZero()) {
      // Workers reach the coordinator once per heartbeat interval (a third of the timeout).
      errors.add(
          new SpecError(
              "spec.coordinatorLossTimeout",
              "("
                  + SpecDurations.format(coordinatorLoss)
                  + ") must be at least spec.heartbeatTimeout ("
                  + SpecDurations.format(heartbeat)
                  + "), or workers would stop between two heartbeats"));
    }
    Optional<Duration> maxLifetime =
        Optional.ofNullable(spec.getMaxLifetime())
            .map(text -> SpecDurations.positive("spec.maxLifetime", text, text, errors));
    checkTemplate(spec, errors);
    backend.ifPresent(b -> checkBackendSection(b, spec, errors));
    if (!errors.isEmpty()) {
      return ValidationResult.invalid(errors);
    }
    List<String> toDelete =
        spec.getScaleDown() == null || spec.getScaleDown().getWorkersToDelete() == null
            ? List.of()
            : List.copyOf(spec.getScaleDown().getWorkersToDelete());
    return ValidationResult.valid(
        new DesiredCluster(
            backend.orElseThrow(),
            replicas,
            minReady,
            registration,
            heartbeat,
            Boolean.TRUE.equals(spec.getSuspend()),
            toDelete,
            coordinatorLoss,
            maxLifetime,
            gang));
  }

  private Optional<BackendType> backend(String value, List<SpecError> errors) {
    String allowed =
        Arrays.stream(BackendType.values())
            .map(BackendType::specValue)
            .collect(Collectors.joining(", "));
    if (value == null || value.isBlank()) {
      errors.add(new SpecError("spec.backend", "is required (one of " + allowed + ")"));
      return Optional.empty();
    }
    Optional<BackendType> type = BackendType.fromSpecValue(value);
    if (type.isEmpty()) {
      errors.add(
          new SpecError(
              "spec.backend",
              "unknown backend \"" + value + "\" (expected one of " + allowed + ")"));
    } else if (!enabledBackends.contains(type.get())) {
      errors.add(
          new SpecError(
              "spec.backend",
              "backend \""
                  + value
                  + "\" is not enabled in this operator (enabled: "
                  + enabledBackends.stream()
                      .map(BackendType::specValue)
                      .sorted()
                      .collect(Collectors.joining(", "))
                  + ")"));
    }
    return type;
  }

  private static void checkTemplate(AwsClusterSpec spec, List<SpecError> errors) {
    if (spec.getTemplate() == null || spec.getTemplate().getEnv() == null) {
      return;
    }
    List<EnvVar> env = spec.getTemplate().getEnv();
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).getName();
      if (name == null || !name.matches(ENV_NAME)) {
        errors.add(
            new SpecError(
                "spec.template.env[" + i + "].name",
                "\"" + name + "\" is not a valid environment variable name"));
      } else if (name.startsWith("ACM_") && !USER_AGENT_VARIABLES.contains(name)) {
        errors.add(
            new SpecError(
                "spec.template.env[" + i + "].name",
                "\"" + name + "\" is reserved: ACM_ variables are set by the operator"));
      }
    }
  }

  private static void checkBackendSection(
      BackendType backend, AwsClusterSpec spec, List<SpecError> errors) {
    switch (backend) {
      case BATCH -> {
        if (spec.getBatch() == null || isBlank(spec.getBatch().getJobQueue())) {
          errors.add(new SpecError("spec.batch.jobQueue", "is required for backend batch"));
        }
        if ((spec.getBatch() == null || isBlank(spec.getBatch().getJobDefinition()))
            && (spec.getTemplate() == null || isBlank(spec.getTemplate().getImage()))) {
          errors.add(
              new SpecError(
                  "spec.batch.jobDefinition",
                  "is required for backend batch unless spec.template.image is set"));
        }
        checkBatchTimeout(spec, errors);
      }
      case ECS -> {
        if (spec.getEcs() == null || isBlank(spec.getEcs().getCluster())) {
          errors.add(new SpecError("spec.ecs.cluster", "is required for backend ecs"));
        }
        if ((spec.getEcs() == null || isBlank(spec.getEcs().getTaskDefinition()))
            && (spec.getTemplate() == null || isBlank(spec.getTemplate().getImage()))) {
          errors.add(
              new SpecError(
                  "spec.ecs.taskDefinition",
                  "is required for backend ecs unless spec.template.image is set"));
        }
        if (spec.getEcs() != null) {
          EcsSpecRules.check(spec.getEcs(), errors);
        }
      }
      case LOCAL -> {}
    }
  }

  private static void checkBatchTimeout(AwsClusterSpec spec, List<SpecError> errors) {
    String timeout = spec.getBatch() == null ? null : spec.getBatch().getTimeout();
    if (isBlank(timeout)) {
      return;
    }
    Optional<Duration> parsed = SpecDurations.parse(timeout);
    if (parsed.isEmpty()) {
      errors.add(
          new SpecError(
              "spec.batch.timeout", "\"" + timeout + "\" is not a duration like 30m or 12h"));
    } else if (parsed.get().compareTo(Duration.ofSeconds(60)) < 0) {
      errors.add(
          new SpecError(
              "spec.batch.timeout", "must be at least 60s (AWS Batch's minimum), got " + timeout));
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
