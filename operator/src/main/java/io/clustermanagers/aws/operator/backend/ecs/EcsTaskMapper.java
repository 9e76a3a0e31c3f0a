package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.WorkerPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Turns described ECS tasks into workers. Pure: {@code firstSeen} supplies a time for tasks whose
 * timestamps the API left out.
 *
 * <p>Launch sequences: one RunTask call launches up to ten tasks and tags them all alike with the
 * call's first sequence. Within a call, tasks are ranked by task id, so task {@code k} of a call
 * starting at {@code first} gets {@code first + k}. The result is always inside the call's range
 * (never colliding with another call); only when a stopped task of the call expires from ECS (after
 * about an hour) may the call's survivors be renumbered inside that range.
 */
final class EcsTaskMapper {
  private EcsTaskMapper() {}

  static List<BackendWorker> toWorkers(
      List<Task> tasks, String containerName, Function<Task, Instant> firstSeen) {
    Map<Long, List<Task>> byCall =
        tasks.stream().collect(Collectors.groupingBy(t -> callFirst(t).orElse(-1L)));
    List<BackendWorker> workers = new ArrayList<>();
    byCall.forEach(
        (first, callTasks) -> {
          List<Task> ranked =
              callTasks.stream().sorted(Comparator.comparing(EcsTaskMapper::taskId)).toList();
          for (int k = 0; k < ranked.size(); k++) {
            long sequence = first < 0 ? 0 : first + k;
            workers.add(toWorker(ranked.get(k), sequence, containerName, firstSeen));
          }
        });
    return workers;
  }

  /** The task id: the last path segment of the task ARN, which the agent registers with. */
  static String taskId(Task task) {
    return taskId(task.taskArn());
  }

  static String taskId(String taskArn) {
    return taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }

  static Optional<Long> callFirst(Task task) {
    Map<String, String> tags =
        task.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    return EcsOwnership.callFirstSequence(tags, task.group());
  }

  static BackendWorker toWorker(
      Task task, long sequence, String containerName, Function<Task, Instant> firstSeen) {
    boolean ours = EcsOwnership.stoppedByOperator(task.stoppedReason());
    WorkerPhase phase = phase(task, ours, containerName);
    Instant launched = Optional.ofNullable(task.createdAt()).orElseGet(() -> firstSeen.apply(task));
    Optional<Instant> started =
        Optional.ofNullable(task.startedAt())
            .or(() -> phase == WorkerPhase.PENDING ? Optional.empty() : Optional.of(launched));
    Optional<Instant> ended =
        phase.isTerminal()
            ? Optional.of(
                Optional.ofNullable(task.stoppedAt())
                    .or(() -> Optional.ofNullable(task.executionStoppedAt()))
                    .orElseGet(() -> firstSeen.apply(task)))
            : Optional.empty();
    return new BackendWorker(
        taskId(task),
        sequence,
        phase,
        launched,
        started,
        ended,
        ours,
        reason(task, containerName),
        !ours && "SpotInterruption".equals(task.stopCodeAsString()));
  }

  static WorkerPhase phase(Task task, boolean stoppedByOperator, String containerName) {
    String last = task.lastStatus() == null ? "PENDING" : task.lastStatus();
    boolean stopWanted = "STOPPED".equals(task.desiredStatus());
    return switch (last) {
      case "PROVISIONING", "PENDING", "ACTIVATING" ->
          stopWanted ? WorkerPhase.STOPPING : WorkerPhase.PENDING;
      case "RUNNING" -> stopWanted ? WorkerPhase.STOPPING : WorkerPhase.RUNNING;
      case "DEACTIVATING", "STOPPING", "DEPROVISIONING" -> WorkerPhase.STOPPING;
      case "STOPPED", "DELETED" ->
          succeeded(task, stoppedByOperator, containerName)
              ? WorkerPhase.SUCCEEDED
              : WorkerPhase.FAILED;
      default -> WorkerPhase.PENDING;
    };
  }

  /**
   * A task stopped by us is no failure; otherwise only an essential container that exited with 0 is
   * a success. Everything else (a Spot interruption, an image pull failure, a crash) failed.
   */
  private static boolean succeeded(Task task, boolean stoppedByOperator, String containerName) {
    if (stoppedByOperator) {
      return true;
    }
    return "EssentialContainerExited".equals(task.stopCodeAsString())
        && worker(task, containerName).map(Container::exitCode).filter(c -> c == 0).isPresent();
  }

  /**
   * The task's own words, e.g. {@code SpotInterruption: Your Spot Task was interrupted. (exit code
   * 143)}: stop code, stopped reason, then the worker container's exit code and reason.
   */
  static String reason(Task task, String containerName) {
    List<String> head = new ArrayList<>();
    if (task.stopCode() != null) {
      head.add(task.stopCodeAsString());
    }
    if (task.stoppedReason() != null && !task.stoppedReason().isBlank()) {
      head.add(task.stoppedReason());
    }
    List<String> details = new ArrayList<>();
    Optional<Container> worker =
        "STOPPED".equals(task.lastStatus()) ? worker(task, containerName) : Optional.empty();
    worker.map(Container::exitCode).ifPresent(code -> details.add("exit code " + code));
    worker
        .map(Container::reason)
        .filter(r -> !r.isBlank())
        .ifPresent(r -> details.add("container: " + r));
    String text = String.join(": ", head);
    if (!details.isEmpty()) {
      text += (text.isEmpty() ? "" : " ") + "(" + String.join(", ", details) + ")";
    }
    return text;
  }

  private static Optional<Container> worker(Task task, String containerName) {
    return task.containers().stream()
        .filter(c -> containerName == null || containerName.equals(c.name()))
        .findFirst()
        .or(() -> task.containers().stream().findFirst());
  }
}
