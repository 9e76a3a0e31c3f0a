package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.GangNode;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.TestingWorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.coordinator.MutableClock;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistration;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The execute step alone: a plan made by hand, carried out on the {@link TestingWorkerBackend}. */
class PlanExecutorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final TestingWorkerBackend backend = new TestingWorkerBackend(clock);
  private final WorkerRegistry registry = new WorkerRegistry(clock, key -> {});
  private final List<AwsClusterStatus> written = new ArrayList<>();

  /** How many launches the backend had been asked for when each status was written. */
  private final List<Integer> launchesWhenWritten = new ArrayList<>();

  private final List<PlanNote> events = new ArrayList<>();
  private final PlanExecutor executor =
      TestCoreParts.with(clock, BackendType.LOCAL, backend)
          .registry(registry)
          .statusSink(
              (cluster, base, status) -> {
                written.add(status);
                launchesWhenWritten.add(backend.launches().size());
                return null;
              })
          .eventsTo(events)
          .planExecutor(ObservationReuse.never());

  private final AwsCluster cluster = TestClusters.local(3);
  private final WorkerGroup group =
      new WorkerGroup(
          ClusterReconciler.keyOf(cluster),
          TestClusters.UID,
          cluster.getSpec(),
          new CoordinatorAccess("http://127.0.0.1:1", "token-1"));

  private ReconcilePass pass() {
    return pass(T0);
  }

  private ReconcilePass pass(Instant now) {
    DesiredCluster desired =
        new SpecValidator(Set.of(BackendType.LOCAL))
            .validate(cluster.getSpec())
            .desired()
            .orElseThrow();
    return new ReconcilePass(cluster, desired, backend, group, new AwsClusterStatus(), now);
  }

  private static Observation nothingSeen() {
    return new Observation(List.of(), List.of(), T0, LaunchExpectations.of(null, List.of(), T0), 0);
  }

  private static Plan plan(int launch, List<StopOrder> stops) {
    return plan(List.of(), launch, stops);
  }

  private static Plan plan(List<WorkerView> workers, int launch, List<StopOrder> stops) {
    return new Plan(
        workers,
        launch,
        stops,
        FailureTally.NONE,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  private static BackendWorker gangNode(String gang, int index) {
    return new BackendWorker(
        gang + "#" + index,
        index,
        WorkerPhase.RUNNING,
        T0,
        Optional.of(T0),
        Optional.empty(),
        false,
        "",
        false,
        Optional.of(new GangNode(gang, 2, index, index == 0)));
  }

  private List<PlanNote> stopping() {
    return events.stream().filter(n -> n.reason().equals("Stopping")).toList();
  }

  @Test
  void theLaunchIntentIsRecordedBeforeTheBackendIsAskedToLaunch() throws Exception {
    Execution done = executor.execute(pass(), plan(3, List.of()), nothingSeen());

    assertThat(launchesWhenWritten.get(0)).as("launches asked for at the first write").isZero();
    assertThat(written.get(0).getNextLaunchSequence()).isEqualTo(3);
    assertThat(written.get(0).getLaunchesInFlight()).hasSize(1);
    assertThat(backend.launches()).containsExactly(new LaunchRequest(0, 3));
    assertThat(done.nextSequence()).isEqualTo(3);
    assertThat(done.launched()).hasSize(3);
    assertThat(events).extracting(PlanNote::reason).containsExactly("Launched");
  }

  @Test
  void aFailedLaunchLeavesItsIntentRecorded() {
    backend.failLaunches(BackendException.transientFailure("Throttled", "slow down", null));

    assertThatThrownBy(() -> executor.execute(pass(), plan(2, List.of()), nothingSeen()))
        .isInstanceOf(BackendException.class);

    assertThat(written).hasSize(1);
    assertThat(written.get(0).getNextLaunchSequence())
        .as("the sequences asked for are never used again")
        .isEqualTo(2);
    assertThat(events).as("nothing was launched").isEmpty();
  }

  @Test
  void stoppingSeveralWorkersIsOneCallAndOneEvent() throws Exception {
    backend.launch(group, new LaunchRequest(0, 3));
    List<StopOrder> stops =
        List.of(0, 1, 2).stream()
            .map(
                i ->
                    new StopOrder(
                        "sim-" + i, "ScaleDown", "stopping worker sim-" + i + ": scaling down"))
            .toList();

    executor.execute(pass(), plan(0, stops), nothingSeen());

    assertThat(backend.calls()).containsExactly("launch 0 3", "stop [sim-0, sim-1, sim-2]");
    assertThat(stopping())
        .extracting(PlanNote::message)
        .containsExactly("stopping 3 workers: scaling down");
  }

  @Test
  void stoppingSeveralGangsIsOneCallPerGangAndOneEvent() throws Exception {
    List<StopOrder> stops = new ArrayList<>();
    for (String gang : List.of("j1", "j2")) {
      for (int i = 0; i < 2; i++) {
        backend.add(TestClusters.UID, gangNode(gang, i));
        stops.add(
            new StopOrder(
                gang + "#" + i,
                "Suspended",
                "stopping the 2-node job " + gang + ": the cluster is suspended",
                Optional.of(gang)));
      }
    }

    executor.execute(pass(), plan(0, stops), nothingSeen());

    assertThat(backend.calls())
        .containsExactly(
            "stopGang j1 2: stopping the 2-node job j1: the cluster is suspended",
            "stopGang j2 2: stopping the 2-node job j2: the cluster is suspended");
    assertThat(stopping())
        .extracting(PlanNote::message)
        .containsExactly("stopping 2 multi-node jobs: the cluster is suspended");
  }

  @Test
  void stoppedWorkersAreForgottenByTheRegistry() throws Exception {
    backend.launch(group, new LaunchRequest(0, 2));
    registry.openCluster(group.key(), "token-1", Duration.ofSeconds(10));
    registry.register(group.key(), new WorkerRegistration("sim-0", "10.0.0.1", 8786));
    registry.register(group.key(), new WorkerRegistration("sim-1", "10.0.0.2", 8786));

    executor.execute(
        pass(),
        plan(
            0, List.of(new StopOrder("sim-0", "ScaleDown", "stopping worker sim-0: scaling down"))),
        nothingSeen());

    assertThat(registry.workers(group.key()))
        .extracting(RegisteredWorker::workerId)
        .containsExactly("sim-1");
  }

  private static Observation expecting(Duration recordedAgo) {
    List<LaunchIntent> recorded =
        List.of(new LaunchIntent(0L, 3L, T0.minus(recordedAgo).toString()));
    return new Observation(
        List.of(), List.of(), T0, LaunchExpectations.of(recorded, List.of(), T0), 3);
  }

  @Test
  void aLaunchNotShownSinceItWasRecordedIsSentAgainWhereTheBackendAdoptsRepeats() throws Exception {
    backend.adoptRepeatedLaunches();

    executor.execute(pass(), plan(0, List.of()), expecting(Duration.ofSeconds(20)));

    assertThat(backend.launches()).containsExactly(new LaunchRequest(0, 3));
    assertThat(backend.alive(TestClusters.UID)).as("made now, not after the grace").isEqualTo(3);
  }

  /**
   * A launch the backend never shows, through its whole grace with a pass every 5 s (the progress
   * poll): sent again on the first pass more than 10 s after it was recorded, then 10, 20, 40 and
   * 80 s after the resend before; not on each of the 32 passes.
   */
  @Test
  void anUnseenLaunchIsSentAgainLessAndLessOften() throws Exception {
    backend.adoptRepeatedLaunches();
    Instant recordedAt = T0.minus(Duration.ofSeconds(10));
    List<LaunchIntent> recorded = List.of(new LaunchIntent(0L, 3L, recordedAt.toString()));
    List<Long> resentAfterSeconds = new ArrayList<>();

    for (Instant now = T0;
        now.isBefore(recordedAt.plus(LaunchExpectations.GRACE));
        now = now.plusSeconds(5)) {
      int before = backend.launches().size();
      Observation nothingShown =
          new Observation(
              List.of(), List.of(), now, LaunchExpectations.of(recorded, List.of(), now), 3);
      executor.execute(pass(now), plan(0, List.of()), nothingShown);
      if (backend.launches().size() > before) {
        resentAfterSeconds.add(Duration.between(recordedAt, now).toSeconds());
      }
    }

    assertThat(resentAfterSeconds).containsExactly(15L, 25L, 45L, 85L, 165L);
  }

  @Test
  void aLaunchRecordedMomentsAgoIsNotSentAgain() throws Exception {
    backend.adoptRepeatedLaunches();

    executor.execute(pass(), plan(0, List.of()), expecting(Duration.ofSeconds(5)));

    assertThat(backend.launches()).as("the list may still catch up").isEmpty();
  }

  @Test
  void aBackendThatMightLaunchTwiceWaitsOutTheGraceInstead() throws Exception {
    executor.execute(pass(), plan(0, List.of()), expecting(Duration.ofSeconds(20)));

    assertThat(backend.launches()).isEmpty();
  }

  /** TestClusters.local(3) wants 3; an unseen launch of 3 past 2 running would make 5. */
  @Test
  void anUnseenLaunchTheClusterNoLongerWantsIsLeftToItsGrace() throws Exception {
    backend.adoptRepeatedLaunches();
    List<WorkerView> running = List.of(runningView("local-7", 7), runningView("local-8", 8));
    executor.execute(pass(), plan(running, 0, List.of()), expecting(Duration.ofSeconds(20)));

    assertThat(backend.launches()).as("2 running + 3 unseen > 3 wanted").isEmpty();
  }

  private WorkerView runningView(String id, long sequence) {
    return WorkerView.of(
        new BackendWorker(
            id, sequence, WorkerPhase.RUNNING, T0, Optional.of(T0), Optional.empty(), false, ""),
        Optional.of(new RegisteredWorker(id, "10.0.0.1", 8786, T0, T0)),
        T0,
        Duration.ofSeconds(30));
  }
}
