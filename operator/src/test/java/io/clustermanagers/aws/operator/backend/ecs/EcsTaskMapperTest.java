package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

class EcsTaskMapperTest {
  private static final Instant SEEN = Instant.parse("2025-01-01T00:00:00Z");

  private static Task.Builder task(String id, long callFirst, String status) {
    return Task.builder()
        .taskArn("arn:aws:ecs:us-east-1:1:task/workers/" + id)
        .lastStatus(status)
        .desiredStatus("RUNNING")
        .group(EcsOwnership.taskGroup(callFirst))
        .tags(Tag.builder().key("acm/seq").value(Long.toString(callFirst)).build());
  }

  private static BackendWorker one(Task task) {
    return EcsTaskMapper.toWorkers(List.of(task), "worker", t -> SEEN).get(0);
  }

  @Test
  void tasksOfOneCallGetConsecutiveSequencesByTaskId() {
    List<BackendWorker> workers =
        EcsTaskMapper.toWorkers(
            List.of(
                task("c", 10, "RUNNING").build(),
                task("a", 10, "RUNNING").build(),
                task("b", 10, "PENDING").build(),
                task("z", 0, "RUNNING").build()),
            "worker",
            t -> SEEN);
    assertThat(workers)
        .extracting(w -> w.id() + "=" + w.launchSequence())
        .containsExactlyInAnyOrder("a=10", "b=11", "c=12", "z=0");
  }

  @Test
  void statusesMapToPhases() {
    assertThat(one(task("a", 0, "PROVISIONING").build()).phase()).isEqualTo(WorkerPhase.PENDING);
    assertThat(one(task("a", 0, "RUNNING").build()).phase()).isEqualTo(WorkerPhase.RUNNING);
    assertThat(one(task("a", 0, "DEACTIVATING").build()).phase()).isEqualTo(WorkerPhase.STOPPING);
    assertThat(one(task("a", 0, "RUNNING").desiredStatus("STOPPED").build()).phase())
        .isEqualTo(WorkerPhase.STOPPING);
  }

  @Test
  void aTaskWeStoppedIsNoFailureEvenAfterARestart() {
    BackendWorker w =
        one(
            task("a", 0, "STOPPED")
                .desiredStatus("STOPPED")
                .stopCode(TaskStopCode.USER_INITIATED)
                .stoppedReason("aws-cluster-operator: scaling down")
                .stoppedAt(SEEN.plusSeconds(5))
                .build());
    assertThat(w.stopRequested()).isTrue();
    assertThat(w.isEnded()).isTrue();
    assertThat(w.endedAt()).contains(SEEN.plusSeconds(5));
  }

  @Test
  void aSpotInterruptionIsMarkedAsSuchAndSaysSo() {
    BackendWorker w =
        one(
            task("a", 0, "STOPPED")
                .stopCode(TaskStopCode.SPOT_INTERRUPTION)
                .stoppedReason("Your Spot Task was interrupted.")
                .containers(Container.builder().name("worker").exitCode(143).build())
                .build());
    assertThat(w.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(w.stopRequested()).isFalse();
    assertThat(w.reason())
        .isEqualTo("SpotInterruption: Your Spot Task was interrupted. (exit code 143)");
    assertThat(w.interrupted()).isTrue();
  }

  @Test
  void anEssentialContainerThatExitedWithZeroSucceeded() {
    Task.Builder exited =
        task("a", 0, "STOPPED")
            .stopCode(TaskStopCode.ESSENTIAL_CONTAINER_EXITED)
            .stoppedReason("Essential container in task exited");
    assertThat(
            one(exited.containers(Container.builder().name("worker").exitCode(0).build()).build())
                .phase())
        .isEqualTo(WorkerPhase.SUCCEEDED);
    assertThat(
            one(exited.containers(Container.builder().name("worker").exitCode(3).build()).build())
                .phase())
        .isEqualTo(WorkerPhase.FAILED);
  }

  @Test
  void anImagePullFailureExplainsItself() {
    BackendWorker w =
        one(
            task("a", 0, "STOPPED")
                .stopCode(TaskStopCode.TASK_FAILED_TO_START)
                .stoppedReason("CannotPullContainerError: pull image manifest has been retried")
                .containers(
                    Container.builder().name("worker").reason("CannotPullContainerError").build())
                .build());
    assertThat(w.phase()).isEqualTo(WorkerPhase.FAILED);
    assertThat(w.reason())
        .startsWith("TaskFailedToStart: CannotPullContainerError")
        .endsWith("(container: CannotPullContainerError)");
  }
}
