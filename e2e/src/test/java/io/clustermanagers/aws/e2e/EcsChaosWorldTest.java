package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.e2e.ChaosWorld.LiveWorker;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;

/** The ECS chaos world reads launch sequences from tasks as the operator does. */
class EcsChaosWorldTest {
  private static final String STARTED_BY = "acm-0123";

  /**
   * Call 2 launched tasks a and b (sequences 2, 3), call 4 launched c (4). Task a stopped between
   * the world's RUNNING and STOPPED listings, so it was described twice. Counted twice, b ranked
   * third in its call and read as sequence 4: a second worker for sequence 4 that did not exist.
   */
  @Test
  void aTaskThatStoppedBetweenTheTwoListingsIsCountedOnce() {
    List<Task> described =
        List.of(
            task("a", 2, "RUNNING", "RUNNING"),
            task("b", 2, "RUNNING", "RUNNING"),
            task("c", 4, "RUNNING", "RUNNING"),
            task("a", 2, "STOPPED", "STOPPED"));

    List<LiveWorker> live = EcsChaosWorld.liveWorkers(described);

    assertThat(live)
        .containsExactlyInAnyOrder(
            new LiveWorker("ns/sim", 3, "b"), new LiveWorker("ns/sim", 4, "c"));
  }

  /**
   * Call 2 (two tasks) really launched twice, say a RunTask sent again whose clientToken was
   * ignored, and call 4 after it: the extra tasks rank onto call 4's sequences, a duplicate.
   */
  @Test
  void aCallLaunchedTwiceStillShowsAsADuplicate() {
    List<Task> described =
        List.of(
            task("a", 2, "RUNNING", "RUNNING"),
            task("b", 2, "RUNNING", "RUNNING"),
            task("c", 2, "RUNNING", "RUNNING"),
            task("d", 2, "RUNNING", "RUNNING"),
            task("e", 4, "RUNNING", "RUNNING"));

    List<LiveWorker> live = EcsChaosWorld.liveWorkers(described);

    assertThat(live).extracting(LiveWorker::sequence).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 4L);
  }

  private static Task task(String id, long first, String lastStatus, String desiredStatus) {
    return Task.builder()
        .taskArn("arn:aws:ecs:us-east-1:123456789012:task/chaos-workers/" + id)
        .startedBy(STARTED_BY)
        .group("acm-seq:" + first)
        .lastStatus(lastStatus)
        .desiredStatus(desiredStatus)
        .tags(
            Tag.builder().key("acm/namespace").value("ns").build(),
            Tag.builder().key("acm/name").value("sim").build())
        .build();
  }
}
