package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No duplicate launch when the backend does not show a launch yet (a lagging ListJobs/ListTasks, a
 * lost response, an earlier leader's call in flight), and a launch that never shows is replaced
 * once its grace is over.
 */
class LaunchExpectationsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String UID = TestClusters.UID;
  private final MutableClock clock = new MutableClock(T0);
  private final List<AwsClusterStatus> written = new ArrayList<>();
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final ClusterReconciler reconciler = reconciler();

  private ClusterReconciler reconciler() {
    return TestCoreParts.with(clock, BackendType.LOCAL, backend).statusTo(written).reconciler();
  }

  private static AwsCluster cluster(int replicas) {
    return TestClusters.local(replicas);
  }

  private AwsClusterStatus last() {
    return TestClusters.last(written);
  }

  @Test
  void aLaunchTheBackendDoesNotShowYetIsNotLaunchedAgain() {
    backend.observeLag(3);
    AwsCluster cluster = cluster(3);

    for (int i = 0; i < 5; i++) {
      reconciler.reconcile(cluster);
      clock.advance(Duration.ofSeconds(5));
    }

    assertThat(backend.launches()).containsExactly(new LaunchRequest(0, 3));
    assertThat(backend.alive(UID)).isEqualTo(3);
    assertThat(last().getLaunchesInFlight()).as("all seen by now").isEmpty();
    assertThat(last().getReplicas()).isEqualTo(3);
  }

  @Test
  void aLaunchThatNeverShowsIsReplacedOnceItsGraceIsOver() {
    backend.observeLag(Integer.MAX_VALUE); // the first launch is lost for good
    AwsCluster cluster = cluster(2);
    reconciler.reconcile(cluster);
    backend.observeLag(0);

    clock.advance(LaunchExpectations.GRACE.minusSeconds(1));
    ReconcileResult within = reconciler.reconcile(cluster);
    assertThat(backend.launches()).as("within the grace").hasSize(1);
    assertThat(within.requeueAfter())
        .as("looks again when the grace ends")
        .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));

    clock.advance(Duration.ofSeconds(1));
    reconciler.reconcile(cluster);

    assertThat(backend.launches())
        .containsExactly(new LaunchRequest(0, 2), new LaunchRequest(2, 2));
    assertThat(last().getLaunchesInFlight())
        .extracting(LaunchIntent::getFirstSequence, LaunchIntent::getEndSequence)
        .as("only the replacement is expected")
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 4L));
  }

  @Test
  void aLaunchWhoseResponseWasLostIsNotLaunchedAgain() {
    backend.throwAfterLaunching(1).observeLag(2);
    AwsCluster cluster = cluster(3);

    assertThatThrownBy(() -> reconciler.reconcile(cluster))
        .isInstanceOf(TransientBackendFailure.class);
    reconciler.reconcile(cluster);
    reconciler.reconcile(cluster);
    reconciler.reconcile(cluster);

    assertThat(backend.launches()).containsExactly(new LaunchRequest(0, 3));
    assertThat(backend.alive(UID)).isEqualTo(3);
  }

  @Test
  void anEarlierLeadersLaunchInFlightCountsAsPending() {
    // The ex-leader recorded its intent (sequences 0-3) and its SubmitJob is still in flight.
    AwsCluster cluster = cluster(4);
    AwsClusterStatus recorded = new AwsClusterStatus();
    recorded.setNextLaunchSequence(4L);
    recorded.getLaunchesInFlight().add(new LaunchIntent(0L, 4L, T0.toString()));
    cluster.setStatus(recorded);
    clock.advance(Duration.ofSeconds(20));

    reconciler.reconcile(cluster);

    assertThat(backend.launches()).as("the new leader waits for them").isEmpty();
    assertThat(last().getLaunchesInFlight()).containsExactly(recorded.getLaunchesInFlight().get(0));
  }

  @Test
  void whatAPartialLaunchDidNotCreateIsLaunchedAgainAtOnce() {
    backend.partialLaunch(2).observeLag(3);
    AwsCluster cluster = cluster(3);

    reconciler.reconcile(cluster);
    backend.partialLaunch(Integer.MAX_VALUE);
    reconciler.reconcile(cluster);
    reconciler.reconcile(cluster);

    assertThat(backend.launches())
        .containsExactly(new LaunchRequest(0, 3), new LaunchRequest(3, 1));
    assertThat(backend.alive(UID)).isEqualTo(3);
  }
}
