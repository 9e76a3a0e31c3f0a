package io.clustermanagers.aws.operator.backend.local;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.AgentEnvironment;
import io.clustermanagers.aws.operator.backend.BackendCapacity;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerBackend;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.core.ReconcileTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers as processes on this machine, each running the worker agent: the counterpart of the
 * ancestor's DockerManager, for development and tests. A process that ends triggers a reconcile. At
 * most {@link LocalLaunchSettings#maxProcesses} processes are alive at once across every cluster
 * (stopping ones count until they have exited), started at most {@link
 * LocalLaunchSettings#launchesPerPass} per launch.
 *
 * <p>Each worker has a pid file next to its log ({@link WorkerPidFile}). The first time this
 * backend sees a cluster it adopts the live workers an earlier operator process started for the
 * same cluster UID (after a crash or {@code kill -9} they outlive it), so that a restart never runs
 * twice the workers: they are observed, counted, stopped like its own.
 */
public final class LocalWorkerBackend implements WorkerBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWorkerBackend.class);
  private final LocalLaunchSettings settings;
  private final Clock clock;
  private final ReconcileTrigger trigger;
  private final ScheduledExecutorService killer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-worker-killer");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Map<String, LocalWorker>> groups = new ConcurrentHashMap<>();

  public LocalWorkerBackend(LocalLaunchSettings settings, Clock clock, ReconcileTrigger trigger) {
    this.settings = settings;
    this.clock = clock;
    this.trigger = trigger;
  }

  @Override
  public List<BackendWorker> observe(WorkerGroup group) {
    return workersOf(group).values().stream().map(LocalWorker::snapshot).toList();
  }

  /** Launches what the bounds allow, which may be fewer than asked (never more). */
  @Override
  public synchronized List<BackendWorker> launch(WorkerGroup group, LaunchRequest request)
      throws BackendException {
    Map<String, LocalWorker> workers = workersOf(group);
    List<BackendWorker> launched = new ArrayList<>();
    int room = Math.min(settings.launchesPerPass(), settings.maxProcesses() - alive());
    for (long seq = request.first(); seq < request.end() && launched.size() < room; seq++) {
      String id = group.key().name() + "-" + seq;
      if (!workers.containsKey(id)) {
        LocalWorker worker = start(group, id, seq);
        workers.put(id, worker);
        launched.add(worker.snapshot());
      }
    }
    return launched;
  }

  @Override
  public Optional<BackendCapacity> capacity() {
    return Optional.of(
        new BackendCapacity(
            Math.max(0, settings.maxProcesses() - alive()),
            settings.launchesPerPass(),
            "the local backend runs at most "
                + settings.maxProcesses()
                + " worker processes at once across all clusters (--local-max-processes,"
                + " ACM_LOCAL_MAX_PROCESSES)"));
  }

  /** The processes of every worker that has not exited yet, in every cluster. */
  List<ProcessHandle> liveProcesses() {
    return groups.values().stream()
        .flatMap(ws -> ws.values().stream())
        .filter(w -> !w.isEnded())
        .map(LocalWorker::process)
        .toList();
  }

  /** Worker processes that have not exited yet, stopping ones included, in every cluster. */
  private int alive() {
    return (int)
        groups.values().stream()
            .flatMap(ws -> ws.values().stream())
            .filter(w -> !w.isEnded())
            .count();
  }

  @Override
  public void stop(WorkerGroup group, Collection<String> workerIds, String reason) {
    Map<String, LocalWorker> workers = workersOf(group);
    for (String id : workerIds) {
      LocalWorker worker = workers.get(id);
      if (worker != null && !worker.isEnded()) {
        worker.markStopRequested();
        ProcessHandle process = worker.process();
        process.destroy();
        killer.schedule(
            () -> kill(process), settings.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void release(WorkerGroup group) {
    Map<String, LocalWorker> workers = groups.get(group.uid());
    if (workers != null && workers.values().stream().allMatch(LocalWorker::isEnded)) {
      groups.remove(group.uid());
    }
  }

  /** Kills every worker this backend started or adopted (standalone shutdown, tests). */
  @Override
  public void close() {
    groups.values().forEach(ws -> ws.values().forEach(w -> kill(w.process())));
    killer.shutdownNow();
  }

  private LocalWorker start(WorkerGroup group, String id, long seq) throws BackendException {
    AwsClusterSpec spec = group.spec();
    List<String> command = new ArrayList<>(settings.agentCommand());
    command.addAll(AgentEnvironment.workloadCommand(spec.getTemplate()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    String launchId = UUID.randomUUID().toString();
    try {
      Path logs = directoryOf(group);
      Files.createDirectories(logs);
      builder.redirectOutput(logs.resolve(id + ".log").toFile());
      if (spec.getLocal() != null && spec.getLocal().getWorkingDir() != null) {
        builder.directory(Path.of(spec.getLocal().getWorkingDir()).toFile());
      }
      environment(builder.environment(), group, id);
      builder.environment().put(WorkerPidFile.LAUNCH_VARIABLE, launchId);
      // Before the start: a crash right after it must not leave a process no file leads to.
      WorkerPidFile.starting(id, seq, group.uid(), launchId).writeTo(logs);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        deleteQuietly(WorkerPidFile.pathIn(logs, id));
        throw e;
      }
      LocalWorker worker = new LocalWorker(id, seq, process.toHandle(), clock.instant(), false);
      recordPid(group, worker, seq, process, launchId, logs);
      process.onExit().thenAccept(p -> ended(group, worker, OptionalInt.of(p.exitValue())));
      return worker;
    } catch (IOException e) {
      throw BackendException.permanent(
          "LaunchFailed", "cannot start local worker " + id + ": " + e.getMessage(), e);
    }
  }

  /** Without its pid file a worker would be lost to a restarted operator: no file, no worker. */
  private static void recordPid(
      WorkerGroup group, LocalWorker worker, long seq, Process process, String launchId, Path dir)
      throws IOException {
    try {
      new WorkerPidFile(
              worker.id(),
              seq,
              group.uid(),
              process.pid(),
              process.info().startInstant().orElseThrow(() -> new IOException("no start time")),
              launchId)
          .writeTo(dir);
    } catch (IOException | RuntimeException e) {
      kill(process.toHandle());
      throw new IOException("cannot record its pid file in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Adopts the live workers of {@code group} that an earlier operator process started (their pid
   * files carry the group's UID and still match their process), and removes pid files whose process
   * is gone. Workers of another UID (an earlier cluster of the same name) are not touched while
   * they run.
   */
  private void adoptEarlierWorkers(WorkerGroup group, Map<String, LocalWorker> workers) {
    Path dir = directoryOf(group);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(WorkerPidFile.SUFFIX))
          .forEach(f -> WorkerPidFile.read(f).ifPresent(pid -> adopt(group, workers, pid, f)));
    } catch (IOException e) {
      LOG.warn("cannot look for earlier workers of {} in {}: {}", group.key(), dir, e.toString());
    }
  }

  private void adopt(
      WorkerGroup group, Map<String, LocalWorker> workers, WorkerPidFile pid, Path file) {
    Optional<ProcessHandle> live = pid.liveProcess();
    if (live.isEmpty()) {
      deleteQuietly(file);
      return;
    }
    if (!pid.clusterUid().equals(group.uid()) || workers.containsKey(pid.workerId())) {
      return;
    }
    Instant started =
        pid.pid() == WorkerPidFile.NOT_STARTED
            ? live.get().info().startInstant().orElse(clock.instant())
            : pid.processStart();
    LocalWorker worker = new LocalWorker(pid.workerId(), pid.sequence(), live.get(), started, true);
    workers.put(worker.id(), worker);
    live.get().onExit().thenAccept(p -> ended(group, worker, OptionalInt.empty()));
    LOG.info(
        "adopted local worker {} of {} (pid {}), started by an earlier operator process",
        worker.id(),
        group.key(),
        pid.pid());
  }

  private Path directoryOf(WorkerGroup group) {
    return settings.logDirectory().resolve(group.key().namespace() + "_" + group.key().name());
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", file, e.toString());
    }
  }

  private void environment(Map<String, String> env, WorkerGroup group, String id) {
    env.keySet().removeIf(k -> k.startsWith("ACM_"));
    env.putAll(AgentEnvironment.of(group, Map.of("ACM_TOKEN", group.coordinator().token())));
    env.put("ACM_WORKER_ID", id);
    env.put("ACM_WORKER_ADDRESS", "127.0.0.1");
    env.put(
        "ACM_STOP_GRACE_SECONDS", Long.toString(Math.max(1, settings.stopGrace().toSeconds() - 1)));
  }

  private void ended(WorkerGroup group, LocalWorker worker, OptionalInt exitCode) {
    deleteQuietly(WorkerPidFile.pathIn(directoryOf(group), worker.id()));
    worker.markEnded(clock.instant(), exitCode);
    trigger.reconcileNow(group.key());
  }

  private static void kill(ProcessHandle process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** The group's workers; the first call for a group adopts the earlier process's workers. */
  private synchronized Map<String, LocalWorker> workersOf(WorkerGroup group) {
    Map<String, LocalWorker> workers = groups.get(group.uid());
    if (workers == null) {
      workers = new ConcurrentHashMap<>();
      groups.put(group.uid(), workers);
      adoptEarlierWorkers(group, workers);
    }
    return workers;
  }
}
