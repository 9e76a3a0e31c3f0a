package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The observe step alone, over the {@link TestingWorkerBackend}. */
class ClusterObserverTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final WorkerRegistry registry = new WorkerRegistry(clock, key -> {});
  private final ObservationReuse reuse = new ObservationReuse(Duration.ofSeconds(5));
  private final ClusterObserver observer = new ClusterObserver(reuse, registry);
  private final AwsCluster cluster = TestClusters.local(3);
  private final WorkerGroup group =
      new WorkerGroup(
          ClusterReconciler.keyOf(cluster),
          TestClusters.UID,
          cluster.getSpec(),
          new CoordinatorAccess("http://127.0.0.1:1", "token-1"));

  private ReconcilePass pass(AwsClusterStatus previous) {
    DesiredCluster desired =
        new SpecValidator(Set.of(BackendType.LOCAL))
            .validate(cluster.getSpec())
            .desired()
            .orElseThrow();
    return new ReconcilePass(cluster, desired, backend, group, previous, clock.instant());
  }

  private static AwsClusterStatus recordedNext(long next) {
    AwsClusterStatus status = new AwsClusterStatus();
    status.setNextLaunchSequence(next);
    return status;
  }

  @Test
  void theNextSequenceIsPastTheRecordedIntentAndEveryWorkerShown() throws Exception {
    backend.launch(group, new LaunchRequest(7, 1));

    assertThat(observer.observe(pass(recordedNext(5))).nextSequence()).isEqualTo(8);
    assertThat(observer.observe(pass(recordedNext(10))).nextSequence()).isEqualTo(10);
  }

  @Test
  void aPassThatOnlyARegistrationAskedForReusesTheLastObservation() throws Exception {
    backend.launch(group, new LaunchRequest(0, 2));
    observer.observe(pass(new AwsClusterStatus()));

    reuse.registrationChanged(group.key());
    Observation reused = observer.observe(pass(new AwsClusterStatus()));

    assertThat(backend.observes()).isEqualTo(1);
    assertThat(reused.workers()).hasSize(2);
  }

  @Test
  void aRegistryNotOpenedYetCountsAsOpenedNow() throws Exception {
    clock.advance(Duration.ofMinutes(3));

    assertThat(observer.observe(pass(new AwsClusterStatus())).openedAt())
        .isEqualTo(T0.plus(Duration.ofMinutes(3)));
  }
}
