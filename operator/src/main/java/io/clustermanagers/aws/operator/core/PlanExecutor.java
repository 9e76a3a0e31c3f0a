package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.coordinator.WorkerRegistry;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execute step: carries a plan out on the backend. Records the launch intent before launching,
 * keeps expecting only what a partial launch may have made, passes on the backend's advisories,
 * stops in batches (one call and one Event per reason, gangs whole), forgets stopped and ended
 * workers in the registry, and tells Events and metrics what it did.
 */
public final class PlanExecutor {
  /** How long a recorded launch may go unseen before it is sent again (lists lag by seconds). */
  static final Duration RESEND_AFTER = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
  private final StatusReport report;
  private final WorkerRegistry registry;
  private final ObservationReuse observations;
  private final EventSink events;
  private final ClusterMetrics metrics;
  private final Clock clock;
  private final LaunchResends resends = new LaunchResends(RESEND_AFTER);

  public PlanExecutor(
      StatusReport report,
      WorkerRegistry registry,
      ObservationReuse observations,
      EventSink events,
      ClusterMetrics metrics,
      Clock clock) {
    this.report = report;
    this.registry = registry;
    this.observations = observations;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  Execution execute(ReconcilePass pass, Plan plan, Observation seen) throws BackendException {
    if (plan.launch() > 0 || !plan.stops().isEmpty()) {
      // Before acting: whatever the backend shows after this pass, even a failed one, differs.
      observations.acted(pass.group().key());
    }
    resendUnseen(pass, plan, seen);
    Execution done =
        plan.launch() > 0
            ? launch(pass, plan, seen)
            : new Execution(List.of(), seen.nextSequence(), seen.expected());
    pass.backend()
        .advisories(pass.group())
        .forEach(a -> events.emit(pass.cluster(), new PlanNote(true, "BackendWarning", a)));
    stopAndForget(pass, plan);
    reportNotes(pass, plan);
    return done;
  }

  /**
   * Where the backend adopts what an earlier call made ({@link
   * WorkerBackend#adoptsRepeatedLaunches}), a recorded launch it does not show {@link
   * #RESEND_AFTER} after it was recorded (an ex-leader killed mid-call, an answer lost) is sent
   * again: what exists is adopted, what was never made is made now, instead of after the launch
   * grace. The expectations stay as recorded; the next observe shows what the call made. A failed
   * resend changes nothing: the grace still bounds the wait. Resends of one launch back off ({@link
   * LaunchResends}: at most five within the grace).
   */
  private void resendUnseen(ReconcilePass pass, Plan plan, Observation seen) {
    if (!pass.backend().adoptsRepeatedLaunches() || !stillWanted(pass, plan, seen)) {
      return;
    }
    ClusterKey key = pass.group().key();
    for (LaunchIntent intent : resends.due(key, seen.expected(), pass.now())) {
      long first = intent.getFirstSequence();
      int count = (int) (intent.getEndSequence() - first);
      observations.acted(key);
      resends.sent(key, intent, pass.now());
      try {
        List<BackendWorker> shown =
            pass.backend().launch(pass.group(), new LaunchRequest(first, count));
        LOG.info(
            "{}: sent the launch of sequences {}-{} again, {} workers shown",
            pass.group().key(),
            first,
            first + count - 1,
            shown.size());
      } catch (BackendException e) {
        LOG.info(
            "{}: sending the launch of sequences {}-{} again failed ({}); it stays expected",
            pass.group().key(),
            first,
            first + count - 1,
            e.getMessage());
      }
    }
  }

  /**
   * Whether the cluster still wants every worker it expects: nothing to stop, and the active
   * workers plus the unseen ones within the target. After a scale-down or a suspend, an unseen
   * launch is left to its grace rather than made now only to be stopped.
   */
  private static boolean stillWanted(ReconcilePass pass, Plan plan, Observation seen) {
    long active = plan.workers().stream().filter(WorkerView::isActive).count();
    return plan.stops().isEmpty()
        && active + seen.expected().unseen() <= pass.desired().targetReplicas();
  }

  private Execution launch(ReconcilePass pass, Plan plan, Observation seen)
      throws BackendException {
    long next = seen.nextSequence();
    long end = next + plan.launch();
    // Intent first: a crash after the launch cannot reuse these sequence numbers, and a launch
    // the backend does not show yet is not launched again (LaunchExpectations).
    LaunchExpectations expected = seen.expected().with(next, end, pass.now());
    recordIntent(pass, plan, end, expected);
    List<BackendWorker> launched;
    try {
      launched = pass.backend().launch(pass.group(), new LaunchRequest(next, plan.launch()));
    } catch (BackendException e) {
      if (e.partialLaunch().isPresent()) {
        // Expect only what may exist, so the rest is launched again without waiting out the
        // grace; recorded before the failure is reported.
        recordIntent(
            pass,
            plan,
            end,
            expected.afterPartialLaunch(next, end, e.partialLaunch().get(), clock.instant()));
      }
      throw e;
    }
    reportLaunched(pass, launched);
    return new Execution(launched, end, expected.afterLaunch(next, end, launched, clock.instant()));
  }

  /** Records the launch intent (next sequence {@code end}, the launches expected) in status. */
  private void recordIntent(ReconcilePass pass, Plan plan, long end, LaunchExpectations expected) {
    observations.statusRecorded(pass.group().key(), pass.now(), WorkerView.readyIn(plan.workers()));
    report.progress(
        pass,
        plan.workers(),
        plan,
        end,
        expected,
        orEmpty(pass.previous().getHandledWorkersToDelete()));
  }

  private void reportLaunched(ReconcilePass pass, List<BackendWorker> launched) {
    String backend = pass.desired().backend().specValue();
    metrics.launched(pass.group().key(), backend, launched.size());
    events.emit(
        pass.cluster(),
        new PlanNote(
            false, "Launched", "launched " + launched.size() + " " + backend + " workers"));
  }

  private void reportNotes(ReconcilePass pass, Plan plan) {
    plan.notes().forEach(note -> events.emit(pass.cluster(), note));
    long interruptions =
        plan.notes().stream().filter(n -> n.reason().equals("WorkerInterrupted")).count();
    if (interruptions > 0) {
      metrics.interrupted(pass.group().key(), (int) interruptions);
    }
    long failures = plan.notes().stream().filter(PlanNote::warning).count();
    if (failures > 0) {
      metrics.failed(pass.group().key(), (int) failures);
    }
  }

  private void stopAndForget(ReconcilePass pass, Plan plan) throws BackendException {
    WorkerBackend backend = pass.backend();
    WorkerGroup group = pass.group();
    // One Event per backend call, not per worker: suspending 10,000 workers is a few Events.
    for (StopBatch batch : StopBatch.of(plan.stops())) {
      backend.stop(group, batch.workerIds(), batch.message());
      announceStop(pass, batch.reason(), batch.message());
      stopped(group, batch.reason(), batch.workerIds());
    }
    // A gang is stopped whole, one call per gang; one Event per reason however many gangs.
    for (GangStopBatch batch : GangStopBatch.of(plan.stops())) {
      for (GangStopBatch.GangStop gang : batch.gangs()) {
        backend.stopGang(group, gang.gangId(), gang.workerIds(), gang.message());
        stopped(group, batch.reason(), gang.workerIds());
      }
      announceStop(pass, batch.reason(), batch.message());
    }
    plan.workers().stream()
        .filter(v -> v.state() == WorkerState.ENDED && v.registration().isPresent())
        .forEach(v -> registry.forget(group.key(), v.id()));
  }

  private void stopped(WorkerGroup group, String reason, List<String> workerIds) {
    metrics.stopped(group.key(), reason, workerIds.size());
    workerIds.forEach(id -> registry.forget(group.key(), id));
  }

  /** Stops the user asked for (scale-down, suspend, the lifetime) are told as Events. */
  private void announceStop(ReconcilePass pass, String reason, String message) {
    if (reason.equals("ScaleDown")
        || reason.equals("Suspended")
        || reason.equals(ClusterLifetime.REASON)) {
      events.emit(pass.cluster(), new PlanNote(false, "Stopping", message));
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
