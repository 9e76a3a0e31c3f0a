package io.clustermanagers.aws.operator.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.operator.backend.BackendCapacity;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.CoordinatorAccess;
import io.clustermanagers.aws.operator.backend.LaunchRequest;
import io.clustermanagers.aws.operator.backend.WorkerGroup;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend's bounds on processes, with {@code sleep} standing in for the agent. */
class LocalWorkerBackendTest {
  @TempDir Path logs;
  private LocalWorkerBackend backend;

  @AfterEach
  void killEverything() {
    if (backend != null) {
      backend.close();
    }
  }

  private LocalWorkerBackend backend(int maxProcesses, int perLaunch) {
    backend =
        new LocalWorkerBackend(
            new LocalLaunchSettings(
                List.of("sleep", "120"), logs, Duration.ofSeconds(1), maxProcesses, perLaunch),
            Clock.systemUTC(),
            key -> {});
    return backend;
  }

  private static WorkerGroup group(String name) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend("local");
    return new WorkerGroup(
        new ClusterKey("ns", name), "uid-" + name, spec, new CoordinatorAccess("http://c", "t"));
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
}
