package io.clustermanagers.aws.operator.backend;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one fake {@link WorkerBackend} of the operator's tests, as Flink's {@code
 * TestingFlinkService} is for its operator: workers live in memory and run as soon as they are
 * launched, and switches make it fail the way real backends do. Its "truth" ({@link #alive}) is
 * what would be running on AWS, whatever {@link #observe} shows.
 *
 * <ul>
 *   <li>{@link #observeLag}: launched workers stay out of {@code observe} for that many calls, as
 *       ListJobs and ListTasks lag behind SubmitJob and RunTask ({@link Integer#MAX_VALUE}: never
 *       shown, a launch whose result is lost for good);
 *   <li>{@link #throwAfterLaunching}: the next launches create their workers, then throw a
 *       transient error (the response was lost after the cloud applied the call);
 *   <li>{@link #partialLaunch}: a launch creates at most that many workers and returns those (ECS
 *       {@code failures[]}, a backend out of room);
 *   <li>{@link #failLaunches}: launches throw before creating anything;
 *   <li>{@link #room}: the backend's own capacity.
 * </ul>
 */
public final class TestingWorkerBackend implements WorkerBackend {
  private final Clock clock;
  private final Map<String, Map<String, BackendWorker>> groups = new ConcurrentHashMap<>();
  private final Map<String, Integer> hiddenFor = new ConcurrentHashMap<>();
  private final List<LaunchRequest> launches = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final List<String> stopReasons = new ArrayList<>();
  private int observes;
  private final List<String> released = new ArrayList<>();
  private int observeLag;
  private int throwAfterLaunching;
  private int partialLaunch = Integer.MAX_VALUE;
  private Optional<BackendException> failLaunches = Optional.empty();
  private Optional<BackendCapacity> room = Optional.empty();
  private boolean stopsEndAtOnce = true;

  private boolean adoptsRepeatedLaunches;

  public TestingWorkerBackend(Clock clock) {
    this.clock = clock;
  }

  /** Workers launched from now on are left out of the next {@code observes} observe calls. */
  /** Says it adopts what an earlier launch of the same sequences made (its names are fixed). */
  public TestingWorkerBackend adoptRepeatedLaunches() {
    this.adoptsRepeatedLaunches = true;
    return this;
  }

  @Override
  public boolean adoptsRepeatedLaunches() {
    return adoptsRepeatedLaunches;
  }

  public TestingWorkerBackend observeLag(int observes) {
    this.observeLag = observes;
    return this;
  }

  /** The next {@code launches} launches create their workers and then throw. */
  public TestingWorkerBackend throwAfterLaunching(int launches) {
    this.throwAfterLaunching = launches;
    return this;
  }

  /** Each launch creates at most {@code max} workers. */
  public TestingWorkerBackend partialLaunch(int max) {
    this.partialLaunch = max;
    return this;
  }

  /** Every launch throws {@code failure} before creating anything. */
  public TestingWorkerBackend failLaunches(BackendException failure) {
    this.failLaunches = Optional.of(failure);
    return this;
  }

  /** The room the backend reports for more workers. */
  public TestingWorkerBackend room(BackendCapacity capacity) {
    this.room = Optional.of(capacity);
    return this;
  }

  /** Asked to stop, workers stay STOPPING (as Batch and ECS jobs do for a while). */
  public TestingWorkerBackend stopsTakeTime() {
    this.stopsEndAtOnce = false;
    return this;
  }

  /** A worker that exists already (an earlier operator's, a gang node), shown at once. */
  public TestingWorkerBackend add(String uid, BackendWorker worker) {
    workers(uid).put(worker.id(), worker);
    return this;
  }

  @Override
  public synchronized List<BackendWorker> observe(WorkerGroup group) {
    observes++;
    List<BackendWorker> shown = new ArrayList<>();
    for (BackendWorker worker : workers(group.uid()).values()) {
      int hidden = hiddenFor.getOrDefault(worker.id(), 0);
      if (hidden > 0) {
        hiddenFor.put(worker.id(), hidden == Integer.MAX_VALUE ? hidden : hidden - 1);
      } else {
        shown.add(worker);
      }
    }
    return shown;
  }

  @Override
  public synchronized List<BackendWorker> launch(WorkerGroup group, LaunchRequest request)
      throws BackendException {
    launches.add(request);
    calls.add("launch " + request.first() + " " + request.count());
    if (failLaunches.isPresent()) {
      throw failLaunches.get();
    }
    List<BackendWorker> launched = new ArrayList<>();
    for (long seq = request.first();
        seq < request.end() && launched.size() < partialLaunch;
        seq++) {
      String id = group.key().name() + "-" + seq;
      if (workers(group.uid()).containsKey(id)) {
        continue; // names are deterministic: a repeated launch adopts what exists
      }
      BackendWorker worker =
          new BackendWorker(
              id,
              seq,
              WorkerPhase.RUNNING,
              clock.instant(),
              Optional.of(clock.instant()),
              Optional.empty(),
              false,
              "");
      workers(group.uid()).put(id, worker);
      if (observeLag > 0) {
        hiddenFor.put(id, observeLag);
      }
      launched.add(worker);
    }
    if (throwAfterLaunching > 0) {
      throwAfterLaunching--;
      throw BackendException.transientFailure(
          "LaunchResponseLost", "the launch response was lost after the launch", null);
    }
    return launched;
  }

  @Override
  public synchronized void stop(WorkerGroup group, Collection<String> ids, String reason) {
    calls.add("stop " + ids);
    stopReasons.add(reason.replaceFirst("^stopping (worker \\S+|\\d+ workers): ", ""));
    ids.forEach(id -> end(group.uid(), id));
  }

  @Override
  public synchronized void stopGang(
      WorkerGroup group, String gangId, Collection<String> ids, String reason) {
    calls.add("stopGang " + gangId + " " + ids.size() + ": " + reason);
    ids.forEach(id -> end(group.uid(), id));
  }

  @Override
  public Optional<BackendCapacity> capacity() {
    return room;
  }

  @Override
  public synchronized void release(WorkerGroup group) {
    released.add(group.uid());
    groups.remove(group.uid());
  }

  /** Workers that run (or would, on AWS), seen by observe or not. */
  public synchronized long alive(String uid) {
    return workers(uid).values().stream().filter(w -> !w.isEnded()).count();
  }

  /** Every launch asked for, in order. */
  public synchronized List<LaunchRequest> launches() {
    return List.copyOf(launches);
  }

  /** Every launch and stop call, in order, in words. */
  /** How many times the core observed this backend. */
  public synchronized int observes() {
    return observes;
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Why each stop was asked for, without the worker's name. */
  public synchronized List<String> stopReasons() {
    return List.copyOf(stopReasons);
  }

  /** The uids of released groups. */
  public synchronized List<String> released() {
    return List.copyOf(released);
  }

  private void end(String uid, String id) {
    BackendWorker w = workers(uid).get(id);
    if (w == null) {
      return;
    }
    workers(uid)
        .put(
            id,
            new BackendWorker(
                id,
                w.launchSequence(),
                stopsEndAtOnce ? WorkerPhase.SUCCEEDED : WorkerPhase.STOPPING,
                w.launchedAt(),
                w.startedAt(),
                stopsEndAtOnce ? Optional.of(clock.instant()) : Optional.empty(),
                true,
                "",
                w.interrupted(),
                w.gang()));
  }

  private Map<String, BackendWorker> workers(String uid) {
    return groups.computeIfAbsent(uid, k -> new LinkedHashMap<>());
  }
}
