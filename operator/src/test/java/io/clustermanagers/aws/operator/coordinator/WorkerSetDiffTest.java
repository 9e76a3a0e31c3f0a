package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSetDiffTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
  private static final Instant T1 = T0.plusSeconds(10);

  private static RegisteredWorker worker(String id, String address, Instant registeredAt) {
    return new RegisteredWorker(id, address, 0, registeredAt, registeredAt);
  }

  @Test
  void departuresComeBeforeArrivalsEachById() {
    Map<String, RegisteredWorker> known =
        Map.of("b", worker("b", "10.0.0.2", T0), "a", worker("a", "10.0.0.1", T0));

    List<WatchEvent> events =
        WorkerSetDiff.between(
            known, List.of(worker("d", "10.0.0.4", T1), worker("c", "10.0.0.3", T1)));

    assertThat(events)
        .extracting(e -> e.type() + " " + e.worker().workerId())
        .containsExactly("DELETED a", "DELETED b", "ADDED c", "ADDED d");
  }

  @Test
  void aHeartbeatIsNoChange() {
    RegisteredWorker before = worker("a", "10.0.0.1", T0);
    RegisteredWorker after = new RegisteredWorker("a", "10.0.0.1", 0, T0, T1);

    assertThat(WorkerSetDiff.between(Map.of("a", before), List.of(after))).isEmpty();
  }

  @Test
  void aNewIncarnationIsALeaveAndAJoin() {
    RegisteredWorker before = worker("a", "10.0.0.1", T0);
    RegisteredWorker moved = worker("a", "10.0.0.9", T1);
    RegisteredWorker newPort = new RegisteredWorker("a", "10.0.0.1", 8786, T0, T1);

    assertThat(WorkerSetDiff.between(Map.of("a", before), List.of(moved)))
        .containsExactly(WatchEvent.deleted(before), WatchEvent.added(moved));
    assertThat(WorkerSetDiff.between(Map.of("a", before), List.of(newPort)))
        .containsExactly(WatchEvent.deleted(before), WatchEvent.added(newPort));
  }
}
