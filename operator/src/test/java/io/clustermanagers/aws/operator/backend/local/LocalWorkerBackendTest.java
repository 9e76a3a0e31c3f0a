package io.clustermanagers.aws.operator.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.BackendCapacity;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend's bounds on processes and its adoption of an earlier process's workers, with
 * {@code sleep} standing in for the agent. A second backend on the same log directory stands for
 * the operator process started after a crash (the first one is not closed, as a killed one is not).
 */
class LocalWorkerBackendTest {
  @TempDir Path logs;
  private final List<LocalWorkerBackend> backends = new ArrayList<>();
  private final List<Process> strangers = new ArrayList<>();

  /** Children of a fake agent ({@code sh}), which outlive it: killed after each test. */
  private final List<ProcessHandle> strayChildren = new ArrayList<>();

  @AfterEach
  void killEverything() {
    backends.forEach(LocalWorkerBackend::close);
    strangers.forEach(Process::destroyForcibly);
    strayChildren.forEach(ProcessHandle::destroyForcibly);
  }

  private LocalWorkerBackend backend(int maxProcesses, int perLaunch) {
    LocalWorkerBackend backend =
        new LocalWorkerBackend(
            new LocalLaunchSettings(
                List.of("sleep", "120"), logs, Duration.ofSeconds(1), maxProcesses, perLaunch),
            Clock.systemUTC(),
            key -> {});
    backends.add(backend);
    return backend;
  }

  private static WorkerGroup group(String name) {
    return group(name, "uid-" + name);
  }

  private static WorkerGroup group(String name, String uid) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    return new WorkerGroup(
        new ClusterKey("ns", name), uid, spec, new CoordinatorAccess("http://c", "t"));
  }

  private static long running(List<BackendWorker> workers) {
    return workers.stream().filter(w -> !w.isEnded()).count();
  }

  @Test
  void startsAFewProcessesPerLaunchAndNeverMoreThanTheLimitAcrossClusters() throws Exception {
    LocalWorkerBackend local = backend(3, 2);
    WorkerGroup a = group("a");
    WorkerGroup b = group("b");

    assertThat(local.launch(a, new LaunchRequest(0, 200))).hasSize(2);
    assertThat(local.launch(b, new LaunchRequest(0, 200))).as("1 left of 3").hasSize(1);
    assertThat(local.launch(a, new LaunchRequest(2, 200))).isEmpty();

    assertThat(running(local.observe(a)) + running(local.observe(b))).isEqualTo(3);
    BackendCapacity full = local.capacity().orElseThrow();
    assertThat(full.free()).isZero();
    assertThat(full.perLaunch()).isEqualTo(2);
    assertThat(full.limit()).contains("at most 3", "--local-max-processes");
  }

  @Test
  void roomComesBackOnlyOnceStoppedProcessesHaveExited() throws Exception {
    LocalWorkerBackend local = backend(2, 8);
    WorkerGroup a = group("a");
    List<BackendWorker> launched = local.launch(a, new LaunchRequest(0, 5));
    assertThat(launched).hasSize(2);

    local.stop(a, List.of(launched.get(0).id()), "test");

    await().atMost(Duration.ofSeconds(20)).until(() -> local.capacity().orElseThrow().free() == 1);
    assertThat(local.launch(a, new LaunchRequest(2, 5))).hasSize(1);
  }

  @Test
  void aRestartedBackendAdoptsTheEarlierProcessesWorkersInsteadOfLaunchingThemAgain()
      throws Exception {
    WorkerGroup a = group("a");
    LocalWorkerBackend before = backend(8, 8);
    assertThat(before.launch(a, new LaunchRequest(0, 3))).hasSize(3);
    List<ProcessHandle> earlier = before.liveProcesses();

    LocalWorkerBackend after = backend(8, 8);
    List<BackendWorker> seen = after.observe(a);

    assertThat(seen).extracting(BackendWorker::id).containsExactlyInAnyOrder("a-0", "a-1", "a-2");
    assertThat(seen).allSatisfy(w -> assertThat(w.isEnded()).isFalse());
    assertThat(seen)
        .extracting(BackendWorker::launchSequence)
        .containsExactlyInAnyOrder(0L, 1L, 2L);
    assertThat(after.launch(a, new LaunchRequest(0, 3))).as("nothing launched twice").isEmpty();
    assertThat(after.capacity().orElseThrow().free()).as("adopted processes count").isEqualTo(5);

    after.stop(a, List.of("a-0", "a-1", "a-2"), "test");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(earlier).noneMatch(ProcessHandle::isAlive);
              assertThat(after.observe(a)).allSatisfy(w -> assertThat(w.isEnded()).isTrue());
            });
    assertThat(after.observe(a))
        .allSatisfy(w -> assertThat(w.phase()).isEqualTo(WorkerPhase.FAILED))
        .allSatisfy(w -> assertThat(w.stopRequested()).isTrue());
    await().atMost(Duration.ofSeconds(20)).until(() -> pidFiles(a).isEmpty());
    assertThat(backend(8, 8).observe(a)).as("a third process finds nothing").isEmpty();
  }

  @Test
  void aPidGivenToAnotherProcessIsNeverTakenForAWorker() throws Exception {
    WorkerGroup a = group("a");
    Path dir = Files.createDirectories(logs.resolve("ns_a"));
    Process stranger = stranger();
    Instant start = stranger.info().startInstant().orElseThrow();
    new WorkerPidFile("a-0", 0, a.uid(), stranger.pid(), start.minusSeconds(3600), "launch-0")
        .writeTo(dir);
    new WorkerPidFile("a-1", 1, a.uid(), stranger.pid(), start, "another launch's id").writeTo(dir);

    LocalWorkerBackend after = backend(8, 8);

    assertThat(after.observe(a)).as("neither file's process is the stranger").isEmpty();
    assertThat(after.launch(a, new LaunchRequest(0, 2))).hasSize(2);
    after.stop(a, List.of("a-0", "a-1"), "test");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> after.observe(a).stream().allMatch(BackendWorker::isEnded));
    assertThat(stranger.isAlive()).as("the process that got the pid is left alone").isTrue();
  }

  @Test
  void workersOfAnEarlierClusterOfTheSameNameAreNotAdopted() throws Exception {
    LocalWorkerBackend before = backend(8, 8);
    before.launch(group("a", "uid-old"), new LaunchRequest(0, 2));

    LocalWorkerBackend after = backend(8, 8);

    assertThat(after.observe(group("a", "uid-new"))).isEmpty();
    assertThat(before.liveProcesses()).hasSize(2).allMatch(ProcessHandle::isAlive);
  }

  /**
   * An operator killed between a worker's start and its full pid file: the file written before the
   * start leads the next process to the worker by its launch id (the chaos suite's {@code
   * standalone-local} orphan). Its workload child carries the same id and is not taken for it.
   */
  @Test
  void aWorkerStartedJustBeforeTheOperatorDiedIsFoundByItsLaunchId() throws Exception {
    WorkerGroup a = group("a");
    Path dir = Files.createDirectories(logs.resolve("ns_a"));
    // unique per run: the backend finds the process by this id among every process of the machine
    String launchId = "launch-" + java.util.UUID.randomUUID();
    WorkerPidFile.starting("a-0", 0, a.uid(), launchId).writeTo(dir);
    ProcessBuilder agent = new ProcessBuilder("sh", "-c", "sleep 120 & wait");
    agent.environment().put(WorkerPidFile.LAUNCH_VARIABLE, launchId);
    Process started = agent.start();
    strangers.add(started);
    await().atMost(Duration.ofSeconds(10)).until(() -> started.descendants().findAny().isPresent());
    started.descendants().forEach(strayChildren::add);

    LocalWorkerBackend after = backend(8, 8);
    List<BackendWorker> seen = after.observe(a);

    assertThat(seen).extracting(BackendWorker::id).containsExactly("a-0");
    assertThat(after.liveProcesses()).extracting(ProcessHandle::pid).containsExactly(started.pid());
    assertThat(after.launch(a, new LaunchRequest(0, 1))).as("not launched twice").isEmpty();
    after.stop(a, List.of("a-0"), "test");
    await().atMost(Duration.ofSeconds(20)).until(() -> !started.isAlive());
  }

  private Process stranger() throws IOException {
    Process p = new ProcessBuilder("sleep", "120").start();
    strangers.add(p);
    return p;
  }

  private List<Path> pidFiles(WorkerGroup group) throws IOException {
    try (Stream<Path> files = Files.list(logs.resolve("ns_" + group.key().name()))) {
      return files.filter(f -> f.toString().endsWith(".pid")).toList();
    }
  }
}
