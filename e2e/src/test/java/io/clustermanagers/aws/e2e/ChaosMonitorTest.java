package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.e2e.ChaosWorld.LiveWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite's checker sees what it must: duplicates, too many workers, and its own blindness.
 */
class ChaosMonitorTest {
  private static final String CLUSTER = "ns/sim";

  /** A world whose live workers the test sets; {@code null} makes a look fail. */
  private static final class FakeWorld implements ChaosWorld {
    volatile List<LiveWorker> live = List.of();

    @Override
    public String backend() {
      return "local";
    }

    @Override
    public void customize(AwsClusterSpec spec) {}

    @Override
    public Map<String, String> operatorEnvironment() {
      return Map.of();
    }

    @Override
    public List<LiveWorker> live() {
      if (live == null) {
        throw new IllegalStateException("cannot look");
      }
      return live;
    }

    @Override
    public List<String> tokenSecrets(String cluster) {
      return List.of();
    }

    @Override
    public FaultCount faults() {
      return FaultCount.none();
    }

    @Override
    public void injectFaults(double rate, Set<FaultProxy.Fault> kinds) {}

    @Override
    public void close() {}
  }

  @Test
  void twoWorkersOfOneSequenceAreADuplicateAndOtherClustersDoNotCount() throws Exception {
    FakeWorld world = new FakeWorld();
    try (ChaosMonitor monitor = new ChaosMonitor(world, CLUSTER, Duration.ofHours(1))) {
      monitor.ceiling(3);
      world.live =
          List.of(
              new LiveWorker(CLUSTER, 0, "a"),
              new LiveWorker(CLUSTER, 1, "b"),
              new LiveWorker(CLUSTER, 1, "c"),
              new LiveWorker("other/sim", 0, "d"));
      monitor.sample();
      assertThat(monitor.duplicates()).containsExactly("seq 1: b, c");
      assertThat(monitor.maxOverCeiling()).isZero();
      assertThat(monitor.blindness()).isNull();
    }
  }

  @Test
  void moreWorkersThanTheCeilingAreCountedAtTheirPeak() throws Exception {
    FakeWorld world = new FakeWorld();
    try (ChaosMonitor monitor = new ChaosMonitor(world, CLUSTER, Duration.ofHours(1))) {
      monitor.ceiling(1);
      world.live = List.of(new LiveWorker(CLUSTER, 0, "a"), new LiveWorker(CLUSTER, 1, "b"));
      monitor.sample();
      world.live =
          List.of(
              new LiveWorker(CLUSTER, 0, "a"),
              new LiveWorker(CLUSTER, 1, "b"),
              new LiveWorker(CLUSTER, 2, "c"));
      monitor.sample();
      world.live = List.of(new LiveWorker(CLUSTER, 0, "a"));
      monitor.sample();
      assertThat(monitor.maxOverCeiling()).isEqualTo(2);
      assertThat(monitor.overCeilingSamples()).hasSize(2);
    }
  }

  @Test
  void aMonitorThatCouldNotLookSaysSo() throws Exception {
    FakeWorld world = new FakeWorld();
    world.live = null;
    try (ChaosMonitor monitor = new ChaosMonitor(world, CLUSTER, Duration.ofHours(1))) {
      monitor.sample();
      assertThat(monitor.duplicates()).isEmpty();
      assertThat(monitor.blindness()).contains("could not look").contains("cannot look");
    }
  }
}
