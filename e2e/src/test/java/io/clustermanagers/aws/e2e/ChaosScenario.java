package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.e2e.kube.TestKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One chaos scenario: a backend, a mode (operator against the real API server, or standalone), and
 * the steps its cluster goes through while the operator is killed at random points.
 */
record ChaosScenario(String name, String backend, boolean standalone, List<ChaosStep> steps) {
  /** The per-cluster worker limit (ACM_MAX_WORKERS_PER_CLUSTER) the scale-up past it meets. */
  static final int LIMIT = 6;

  static final List<ChaosStep> OPERATOR_STEPS =
      List.of(
          ChaosStep.scale("scale-up", 4),
          ChaosStep.scale("scale-up past the limit", 9),
          ChaosStep.scale("scale-down", 2),
          ChaosStep.suspend(2),
          ChaosStep.scale("resume", 3),
          ChaosStep.end("delete"));

  static final List<ChaosStep> STANDALONE_STEPS =
      List.of(
          ChaosStep.scale("scale-up", 4),
          ChaosStep.scale("scale-down", 2),
          ChaosStep.suspend(2),
          ChaosStep.scale("resume", 3),
          ChaosStep.end("stop (SIGTERM)"));

  static ChaosScenario operator(String backend) {
    return new ChaosScenario("operator-" + backend, backend, false, OPERATOR_STEPS);
  }

  static ChaosScenario standalone(String backend) {
    return new ChaosScenario("standalone-" + backend, backend, true, STANDALONE_STEPS);
  }

  /** The namespace of the scenario's cluster (local agents are found by it). */
  String namespace() {
    return "chaos-" + name;
  }

  ChaosWorld world(long seed, Duration timeoutHold) throws Exception {
    return switch (backend) {
      case "local" -> new LocalChaosWorld(namespace());
      case "batch" -> BatchChaosWorld.start(seed, timeoutHold);
      case "ecs" -> EcsChaosWorld.start(seed, timeoutHold);
      default -> throw new IllegalArgumentException("no chaos world for backend " + backend);
    };
  }

  ChaosControl control(ChaosWorld world, Path dir) throws Exception {
    return standalone
        ? new StandaloneControl(world, dir, namespace(), "sim", LIMIT)
        : new OperatorModeControl(world, TestKube.shared(), namespace(), "sim", LIMIT);
  }
}
