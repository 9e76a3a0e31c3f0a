package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.e2e.ChaosWorld.LiveWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Runs one scenario: for each step, the change, then the step's kills at random points (each a
 * random delay after the change or the previous restart), then the wait for convergence (the step's
 * number of workers live, and for the end step the cluster gone) within {@link #CONVERGENCE_BOUND}.
 * A {@link ChaosMonitor} checks the invariants all along; at the end, every worker still live and
 * every token secret left is an orphan.
 */
final class ChaosRun {
  /**
   * The stated bound for convergence after the last restart of a step: the operator's first
   * reconcile after its start (a few seconds), a resync period (5 s here), the backoffs of the
   * faults (at most 10 s each here; a timeout fault holds a call 35 s), and, after a launch whose
   * outcome is unknown (a timeout, a reset, a lost answer), the launch grace: its workers count as
   * in flight for 3 minutes (LaunchExpectations.GRACE) before they are launched again, so that an
   * answer lost after the launch never doubles them. {@code -Dchaos.convergenceBound=PT60S}
   * shortens it for a quick look at failing scenarios.
   */
  static final Duration CONVERGENCE_BOUND =
      Duration.parse(System.getProperty("chaos.convergenceBound", "PT4M"));

  /** A kill comes at a random point up to this long after the change or the restart before. */
  static final Duration MAX_KILL_DELAY = Duration.ofSeconds(6);

  private final ChaosScenario scenario;
  private final ChaosWorld world;
  private final ChaosControl control;
  private final Random random;
  private final long seed;

  ChaosRun(ChaosScenario scenario, ChaosWorld world, ChaosControl control, long seed) {
    this.scenario = scenario;
    this.world = world;
    this.control = control;
    this.seed = seed;
    this.random = new Random(seed);
  }

  ChaosResult run(int kills, double faultRate, Set<FaultProxy.Fault> faultKinds) throws Exception {
    List<ChaosStep> steps = scenario.steps();
    int[] killsPerStep = new int[steps.size()];
    for (int i = 0; i < kills; i++) {
      killsPerStep[random.nextInt(steps.size())]++;
    }
    int killed = 0;
    List<String> unconverged = new ArrayList<>();
    Duration maxConvergence = Duration.ZERO;
    world.injectFaults(faultRate, faultKinds);
    try (ChaosMonitor monitor =
        new ChaosMonitor(world, control.cluster(), Duration.ofMillis(500))) {
      int previous = 0;
      List<LiveWorker> live = List.of();
      for (int i = 0; i < steps.size(); i++) {
        ChaosStep step = steps.get(i);
        int expected = step.expected(ChaosScenario.LIMIT);
        monitor.ceiling(Math.max(previous, expected));
        log("step " + step.name() + ": " + expected + " workers, " + killsPerStep[i] + " kills");
        killed += control.apply(step);
        for (int k = 0; k < killsPerStep[i]; k++) {
          Thread.sleep((long) (random.nextDouble() * MAX_KILL_DELAY.toMillis()));
          control.killAndRestart();
          killed++;
        }
        Instant since = Instant.now();
        live = awaitConverged(monitor, step, expected);
        Duration took = Duration.between(since, Instant.now());
        if (live.size() != expected || (step.end() && !control.ended())) {
          unconverged.add(
              step.name()
                  + ": "
                  + live.size()
                  + " live after "
                  + CONVERGENCE_BOUND
                  + ", want "
                  + expected
                  + (step.end() && !control.ended() ? " and the cluster gone" : ""));
        } else if (took.compareTo(maxConvergence) > 0) {
          maxConvergence = took;
        }
        log("step " + step.name() + " ended with " + live.size() + " live after " + took);
        previous = expected;
      }
      world.injectFaults(0, faultKinds);
      List<String> orphans = live.stream().map(w -> "seq " + w.sequence() + " " + w.id()).toList();
      List<String> secrets = new ArrayList<>(world.tokenSecrets(control.cluster()));
      if (control.kubernetesSecretsLeft() > 0) {
        secrets.add("Kubernetes Secret of " + control.cluster() + " without an owner reference");
      }
      log("monitor: " + monitor.sampleCounts());
      return new ChaosResult(
          scenario.name(),
          seed,
          killed,
          world.faults(),
          monitor.duplicates(),
          monitor.maxOverCeiling(),
          monitor.overCeilingSamples(),
          orphans,
          secrets,
          unconverged,
          maxConvergence,
          monitor.blindness());
    }
  }

  /** The live workers once they are {@code expected} (and the end is done), or at the bound. */
  private List<LiveWorker> awaitConverged(ChaosMonitor monitor, ChaosStep step, int expected)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(CONVERGENCE_BOUND);
    List<LiveWorker> live = List.of();
    while (Instant.now().isBefore(deadline)) {
      List<LiveWorker> sampled = monitor.sample();
      if (sampled != null) {
        live = sampled;
        if (live.size() == expected && (!step.end() || control.ended())) {
          return live;
        }
      }
      Thread.sleep(250);
    }
    return live;
  }

  private void log(String line) {
    System.out.println("[chaos " + scenario.name() + "] " + line);
  }
}
