package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos suite: the operator killed with {@code kill -9} at random points of scale-up, scale-up
 * past the worker limit, scale-down, suspend, resume and delete, in operator mode (the jar as its
 * own process against the real API server) and standalone, for the local backend and Batch and ECS
 * on moto behind a fault-injecting proxy ({@link FaultProxy}). The invariants are checked from the
 * workers' side ({@link ChaosMonitor}, {@link ChaosWorld}): never two workers for one launch
 * sequence, never more than the ceiling, nothing left at the end, convergence within {@link
 * ChaosRun#CONVERGENCE_BOUND}. It prints the table and writes it to {@code
 * e2e/target/chaos-report.txt}.
 *
 * <p>In {@code mvn verify} it runs short ({@link #CI_SCENARIOS}, {@value #CI_KILLS} kills). The
 * full run (e2e/README.md): {@code mvn -B verify -pl e2e -am -Dit.test=ChaosIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.scenarios=all -Dchaos.kills=50}; {@code
 * -Dchaos.seed=N} repeats a run's random choices (the kill points; fault draws and timing vary);
 * {@code -Dchaos.faults=DROP_AFTER_APPLY} and {@code -Dchaos.faultRate=0.3} narrow the faults down.
 */
class ChaosIT {
  /** Every scenario; {@code -Dchaos.scenarios=all} runs them, or name some (comma-separated). */
  static final List<ChaosScenario> ALL =
      List.of(
          ChaosScenario.operator("local"),
          ChaosScenario.operator("batch"),
          ChaosScenario.operator("ecs"),
          ChaosScenario.standalone("local"),
          ChaosScenario.standalone("batch"),
          ChaosScenario.standalone("ecs"));

  /**
   * The short version in CI. The other scenarios pass too since the fixes of issue 10 landed (the
   * full run in e2e/README.md, "The chaos suite"), except as that section lists; they are left out
   * of CI for its time. Add their names here to run them in every build.
   *
   * <p>{@code operator-ecs} was out of CI for a while: one CI run (2026-12-01 23:10 UTC, seed
   * 30489501649955) showed two tasks for launch sequence 4. That was the checker's own misreading
   * (a task stopped between {@link EcsChaosWorld}'s two listings was counted twice, pushing its
   * call's later tasks onto the next call's sequences; {@code EcsChaosWorldTest}), not a second
   * launch.
   */
  static final List<String> CI_SCENARIOS =
      List.of("operator-local", "operator-batch", "operator-ecs");

  static final int CI_KILLS = 6;

  @TempDir Path dir;

  @Test
  void noDuplicatesAndNoOrphansWhenTheOperatorIsKilledAndAwsFails() throws Exception {
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    int kills = Integer.getInteger("chaos.kills", CI_KILLS);
    double faultRate = Double.parseDouble(System.getProperty("chaos.faultRate", "0.1"));
    Set<FaultProxy.Fault> faultKinds = faultKinds(System.getProperty("chaos.faults", ""));
    Duration timeoutHold = Duration.parse(System.getProperty("chaos.timeoutHold", "PT35S"));
    List<ChaosScenario> scenarios = selected(System.getProperty("chaos.scenarios", ""));
    String header =
        String.format(
            "chaos suite: seed %d, %d kills over %s, fault rate %.2f of %s, convergence bound %s%n"
                + "rerun: -Dchaos.seed=%d -Dchaos.kills=%d -Dchaos.scenarios=%s",
            seed,
            kills,
            scenarios.stream().map(ChaosScenario::name).toList(),
            faultRate,
            faultKinds,
            ChaosRun.CONVERGENCE_BOUND,
            seed,
            kills,
            String.join(",", scenarios.stream().map(ChaosScenario::name).toList()));
    System.out.println(header);
    Instant started = Instant.now();
    List<ChaosResult> results = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      ChaosScenario scenario = scenarios.get(i);
      int share = kills / scenarios.size() + (i < kills % scenarios.size() ? 1 : 0);
      long scenarioSeed = seed ^ scenario.name().hashCode();
      results.add(run(scenario, scenarioSeed, share, faultRate, faultKinds, timeoutHold));
    }
    String table =
        ChaosTable.render(results, header + "\ntook " + Duration.between(started, Instant.now()));
    System.out.println(table);
    ChaosTable.write(Path.of("target", "chaos-report.txt"), table);
    assertThat(results.stream().filter(r -> !r.clean()).map(ChaosResult::scenario))
        .as("scenarios with duplicates, orphans or no convergence:%n%s", table)
        .isEmpty();
  }

  private ChaosResult run(
      ChaosScenario scenario,
      long seed,
      int kills,
      double faultRate,
      Set<FaultProxy.Fault> faultKinds,
      Duration timeoutHold) {
    ChaosControl control = null;
    try (ChaosWorld world = scenario.world(seed, timeoutHold)) {
      control = scenario.control(world, Files.createDirectories(dir.resolve(scenario.name())));
      try {
        ChaosResult result =
            new ChaosRun(scenario, world, control, seed).run(kills, faultRate, faultKinds);
        if (!result.clean()) {
          keepOutput(scenario, control);
        }
        return result;
      } finally {
        control.close();
      }
    } catch (Exception | AssertionError e) {
      if (control != null) {
        keepOutput(scenario, control);
      }
      return new ChaosResult(
          scenario.name(),
          seed,
          kills,
          ChaosWorld.FaultCount.none(),
          List.of(),
          0,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          Duration.ZERO,
          e.toString());
    }
  }

  /** The operator processes' output of a failed scenario, under target/chaos/. */
  private static void keepOutput(ChaosScenario scenario, ChaosControl control) {
    try {
      Path file = Path.of("target", "chaos", scenario.name() + ".log");
      Files.createDirectories(file.getParent());
      Files.writeString(file, control.output());
      System.out.println("[chaos " + scenario.name() + "] operator output in " + file);
    } catch (Exception e) {
      System.out.println("[chaos " + scenario.name() + "] cannot keep the output: " + e);
    }
  }

  /** {@code -Dchaos.faults=THROTTLE,DROP_AFTER_APPLY}: only these kinds; empty: every kind. */
  private static Set<FaultProxy.Fault> faultKinds(String names) {
    if (names.isBlank()) {
      return EnumSet.allOf(FaultProxy.Fault.class);
    }
    Set<FaultProxy.Fault> kinds = EnumSet.noneOf(FaultProxy.Fault.class);
    for (String name : names.split(",")) {
      kinds.add(FaultProxy.Fault.valueOf(name.trim()));
    }
    return kinds;
  }

  private static List<ChaosScenario> selected(String names) {
    if (names.equals("all")) {
      return ALL;
    }
    List<String> wanted =
        names.isBlank()
            ? CI_SCENARIOS
            : Stream.of(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    Map<String, ChaosScenario> byName =
        ALL.stream().collect(java.util.stream.Collectors.toMap(ChaosScenario::name, s -> s));
    for (String w : wanted) {
      if (!byName.containsKey(w)) {
        throw new IllegalArgumentException(
            "no chaos scenario " + w + "; there are " + Arrays.toString(byName.keySet().toArray()));
      }
    }
    return wanted.stream().map(byName::get).toList();
  }
}
