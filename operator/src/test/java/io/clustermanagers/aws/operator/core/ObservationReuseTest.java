package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistration;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A registration storm costs one backend observe per progress poll, not one per registration; any
 * other reason to look (time, a spec change, an action of ours, a backend event) observes again.
 */
class ObservationReuseTest {
  private static final ClusterKey KEY = new ClusterKey("research", "storm");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final ObservationReuse observations = new ObservationReuse(Duration.ofSeconds(5));
  private final ClusterReconciler reconciler =
      TestCoreParts.with(clock, BackendType.LOCAL, backend).reconciler(observations);

  /** As the operator runs: status written at most once a second; registrations mark reuse. */
  private final ObservationReuse pacedReuse =
      new ObservationReuse(Duration.ofSeconds(5), Duration.ofSeconds(1));

  private final WorkerRegistry pacedRegistry =
      new WorkerRegistry(clock, pacedReuse::registrationChanged);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final ClusterReconciler paced =
      TestCoreParts.with(clock, BackendType.LOCAL, backend)
          .registry(pacedRegistry)
          .statusTo(written)
          .reconciler(pacedReuse);

  private static AwsCluster cluster(long generation, int replicas) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(KEY.name())
            .withNamespace(KEY.namespace())
            .withUid("6f1d0f0e-0000-4000-8000-00000000abcd")
            .withGeneration(generation)
            .build());
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    spec.setReplicas(replicas);
    spec.getTemplate().setCommand(List.of("sleep", "60"));
    cluster.setSpec(spec);
    return cluster;
  }

  /** The cluster launched and observed once more at rest: the starting point of each test. */
  private AwsCluster atRest() {
    AwsCluster cluster = cluster(1, 3);
    reconciler.reconcile(cluster);
    assertThat(backend.launches()).hasSize(1);
    reconciler.reconcile(cluster);
    return cluster;
  }

  @Test
  void registrationsWithinAProgressPollReuseTheLastObservation() {
    AwsCluster cluster = atRest();
    int before = backend.observes();

    for (int i = 0; i < 100; i++) {
      observations.registrationChanged(KEY);
      reconciler.reconcile(cluster);
    }

    assertThat(backend.observes() - before).isZero();
    assertThat(backend.launches()).as("nothing launched again").hasSize(1);
  }

  @Test
  void anObservationAsOldAsTheProgressPollIsTakenAgain() {
    AwsCluster cluster = atRest();
    int before = backend.observes();

    clock.advance(Duration.ofSeconds(5));
    observations.registrationChanged(KEY);
    reconciler.reconcile(cluster);
    observations.registrationChanged(KEY);
    reconciler.reconcile(cluster);

    assertThat(backend.observes() - before).as("one new observe, then reused").isEqualTo(1);
  }

  @Test
  void aReconcileNoRegistrationAskedForObserves() {
    AwsCluster cluster = atRest();
    int before = backend.observes();

    reconciler.reconcile(cluster);

    assertThat(backend.observes() - before).isEqualTo(1);
  }

  @Test
  void aSpecChangeObservesEvenAfterARegistration() {
    atRest();
    int before = backend.observes();

    observations.registrationChanged(KEY);
    reconciler.reconcile(cluster(2, 5));

    assertThat(backend.observes() - before).isEqualTo(1);
    assertThat(backend.launches()).as("the two new workers").hasSize(2);
  }

  @Test
  void afterALaunchOrAStopTheNextReconcileObserves() {
    atRest();
    observations.registrationChanged(KEY);
    reconciler.reconcile(cluster(2, 1));
    int before = backend.observes();

    observations.registrationChanged(KEY);
    reconciler.reconcile(cluster(2, 1));

    assertThat(backend.observes() - before).as("after stopping two workers").isEqualTo(1);
  }

  @Test
  void aLaunchThatFailedIsObservedAgainAfterARegistration() {
    // The launch creates its workers and then throws (its answer was lost).
    TestingWorkerBackend lost = new TestingWorkerBackend(clock).throwAfterLaunching(1);
    ObservationReuse reuse = new ObservationReuse(Duration.ofSeconds(5));
    ClusterReconciler failing =
        TestCoreParts.with(clock, BackendType.LOCAL, lost).reconciler(reuse);
    assertThatThrownBy(() -> failing.reconcile(cluster(1, 3)))
        .isInstanceOf(TransientBackendFailure.class);
    int before = lost.observes();

    reuse.registrationChanged(KEY);
    failing.reconcile(cluster(1, 3));

    assertThat(lost.observes() - before).as("what the failed launch did is looked at").isEqualTo(1);
  }

  @Test
  void aBackendEventObservesAgain() {
    AwsCluster cluster = atRest();
    int before = backend.observes();

    observations.registrationChanged(KEY);
    observations.invalidate(KEY);
    reconciler.reconcile(cluster);

    assertThat(backend.observes() - before).isEqualTo(1);
  }

  /** Five wanted, three register within a second: none of them makes the cluster Ready. */
  @Test
  void aRegistrationStormWritesStatusAtMostOncePerSecond() {
    AwsCluster cluster = cluster(1, 5);
    paced.reconcile(cluster);
    paced.reconcile(cluster);
    int writesBefore = written.size();
    int observesBefore = backend.observes();

    List<ReconcileResult> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMillis(200));
      pacedRegistry.register(KEY, new WorkerRegistration("storm-" + i, "10.0.0." + (i + 1), 8786));
      held.add(paced.reconcile(cluster));
    }

    assertThat(written).as("three registrations within the second").hasSize(writesBefore);
    assertThat(held.get(2).requeueAfter())
        .as("until the second is over")
        .hasValue(Duration.ofMillis(400));
    clock.advance(Duration.ofMillis(400));
    paced.reconcile(cluster);
    assertThat(written).as("the pass asked for writes them at once").hasSize(writesBefore + 1);
    assertThat(written.get(written.size() - 1).getReadyReplicas()).isEqualTo(3);
    assertThat(backend.observes() - observesBefore).as("no observe in the storm").isZero();
  }

  /**
   * The registration that brings the ready workers to minReady (the target, by default) is recorded
   * at once, within the second of the write before: the Ready a driver waits for.
   */
  @Test
  void theRegistrationThatMakesTheClusterReadyIsRecordedAtOnce() {
    AwsCluster cluster = cluster(1, 3);
    paced.reconcile(cluster);
    clock.advance(Duration.ofSeconds(1));
    paced.reconcile(cluster);
    int writesBefore = written.size();

    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMillis(100));
      pacedRegistry.register(KEY, new WorkerRegistration("storm-" + i, "10.0.0." + (i + 1), 8786));
      paced.reconcile(cluster);
    }
    assertThat(written).as("two of three: held").hasSize(writesBefore);

    clock.advance(Duration.ofMillis(100));
    pacedRegistry.register(KEY, new WorkerRegistration("storm-2", "10.0.0.3", 8786));
    paced.reconcile(cluster);

    assertThat(written).as("the third: at once").hasSize(writesBefore + 1);
    AwsClusterStatus last = written.get(written.size() - 1);
    assertThat(last.getReadyReplicas()).isEqualTo(3);
    assertThat(last.getConditions())
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private final WorkerRegistry registry = new WorkerRegistry(clock, key -> {});
  private final ClusterReconciler quiet =
      TestCoreParts.with(clock, BackendType.LOCAL, backend)
          .registry(registry)
          .reconciler(observations);

  /** Three workers launched and registered ({@link #quiet}), observed once more at rest. */
  private AwsCluster steady() {
    AwsCluster cluster = cluster(1, 3);
    quiet.reconcile(cluster);
    for (int i = 0; i < 3; i++) {
      registry.register(KEY, new WorkerRegistration("storm-" + i, "10.0.0." + (i + 1), 8786));
    }
    quiet.reconcile(cluster);
    return cluster;
  }

  private static void heartbeats(WorkerRegistry registry) {
    for (int i = 0; i < 3; i++) {
      registry.heartbeat(KEY, "storm-" + i);
    }
  }

  @Test
  void aSteadyClusterWokenByAHeartbeatDeadlineReusesItsObservationUntilTheResync() {
    AwsCluster cluster = steady();
    int before = backend.observes();

    ReconcileResult atDeadline = null;
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofSeconds(20));
      heartbeats(registry);
      atDeadline = quiet.reconcile(cluster);
    }
    assertThat(backend.observes() - before).as("40 s of heartbeat deadlines").isZero();
    assertThat(atDeadline.requeueAfter()).as("woken by a deadline, before the resync").isPresent();

    clock.advance(Duration.ofSeconds(20));
    heartbeats(registry);
    quiet.reconcile(cluster);
    assertThat(backend.observes() - before).as("the observation is a resync old").isEqualTo(1);
  }

  @Test
  void aWorkerThatWentQuietIsReplacedFromTheReusedObservationAndThenObserved() {
    AwsCluster cluster = steady();
    int observesBefore = backend.observes();

    clock.advance(Duration.ofSeconds(31)); // past the heartbeat timeout: storm-2 sent none
    registry.heartbeat(KEY, "storm-0");
    registry.heartbeat(KEY, "storm-1");
    quiet.reconcile(cluster);

    assertThat(backend.calls()).as("the registry said it went quiet").contains("stop [storm-2]");
    assertThat(backend.observes() - observesBefore).as("no observe to learn that").isZero();
    quiet.reconcile(cluster);
    assertThat(backend.observes() - observesBefore).as("after acting: observed").isEqualTo(1);
  }

  /**
   * A scale-up writes its launch intent before launching; what it launched and the registrations
   * that follow within the second are written once, by the pass asked for when it is over.
   */
  @Test
  void aScaleUpWritesItsIntentAndThenAtMostOnceInThatSecond() {
    AwsCluster cluster = cluster(1, 4);

    ReconcileResult launched = paced.reconcile(cluster);
    assertThat(written).as("the intent, before the launch").hasSize(1);
    assertThat(written.get(0).getNextLaunchSequence()).isEqualTo(4L);
    assertThat(launched.requeueAfter())
        .as("until the second is over")
        .hasValue(Duration.ofSeconds(1));

    clock.advance(Duration.ofMillis(300));
    for (int i = 0; i < 3; i++) {
      pacedRegistry.register(KEY, new WorkerRegistration("storm-" + i, "10.0.0." + (i + 1), 8786));
    }
    paced.reconcile(cluster);
    assertThat(written).as("three of four registrations within that second").hasSize(1);

    clock.advance(Duration.ofMillis(700));
    paced.reconcile(cluster);
    assertThat(written).hasSize(2);
    assertThat(written.get(1).getReadyReplicas()).isEqualTo(3);
    assertThat(written.get(1).getLaunchesInFlight()).as("launched and seen").isEmpty();
  }
}
