package io.clustermanagers.aws.operator.backend.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinQueuesTest {
  private final RoundRobinQueues<String, String> queues = new RoundRobinQueues<>();

  @Test
  void keysTakeTurnsEachInItsOwnOrder() {
    for (int i = 1; i <= 4; i++) {
      queues.add("a", "a" + i);
    }
    queues.add("b", "b1");
    queues.add("b", "b2");

    assertThat(drain()).containsExactly("a1", "b1", "a2", "b2", "a3", "a4");
    assertThat(queues.isEmpty()).isTrue();
    assertThat(queues.poll()).isNull();
  }

  @Test
  void aKeyThatQueuesBehindALongQueueIsServedWithinOneRound() {
    for (int i = 1; i <= 1000; i++) {
      queues.add("a", "a" + i);
    }
    queues.poll();
    queues.poll();
    queues.add("b", "b1");
    queues.add("c", "c1");

    assertThat(List.of(queues.poll(), queues.poll(), queues.poll()))
        .containsExactly("a3", "b1", "c1");
    assertThat(queues.size()).isEqualTo(997);
  }

  @Test
  void aKeyWhoseQueueRanEmptyQueuesAgainAtTheEndOfTheTurns() {
    queues.add("a", "a1");
    queues.add("b", "b1");
    queues.add("b", "b2");
    assertThat(queues.poll()).isEqualTo("a1");

    queues.add("a", "a2");

    assertThat(drain()).containsExactly("b1", "a2", "b2");
  }

  @Test
  void clearShowsEveryItemAndLeavesNothing() {
    queues.add("a", "a1");
    queues.add("b", "b1");
    List<String> seen = new ArrayList<>();

    queues.clear(seen::add);

    assertThat(seen).containsExactlyInAnyOrder("a1", "b1");
    assertThat(queues.isEmpty()).isTrue();
    assertThat(queues.poll()).isNull();
  }

  private List<String> drain() {
    List<String> out = new ArrayList<>();
    for (String next = queues.poll(); next != null; next = queues.poll()) {
      out.add(next);
    }
    return out;
  }
}
