package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {
  private static final ClusterKey CLUSTER_A = new ClusterKey("team-a", "alpha");
  private static final ClusterKey CLUSTER_B = new ClusterKey("team-b", "beta");
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final RecordingListener listener = new RecordingListener();
  private final WorkerRegistry registry = new WorkerRegistry(clock, listener);

  private static WorkerRegistration worker(String id, String address) {
    return new WorkerRegistration(id, address, 8080);
  }

  @Test
  void tokenOfAnOpenClusterLeadsToIt() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.openCluster(CLUSTER_B, "token-b", INTERVAL);

    assertThat(registry.clusterForToken("token-a")).contains(CLUSTER_A);
    assertThat(registry.clusterForToken("token-b")).contains(CLUSTER_B);
    assertThat(registry.clusterForToken("token-c")).isEmpty();
    assertThat(registry.clusterForToken(null)).isEmpty();
  }

  @Test
  void grantsOnlyTheTokenOfTheNamedOpenCluster() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.openCluster(CLUSTER_B, "token-b", INTERVAL);

    assertThat(registry.grants(CLUSTER_A, "token-a")).isTrue();
    assertThat(registry.grants(CLUSTER_A, "token-b")).isFalse();
    assertThat(registry.grants(CLUSTER_A, null)).isFalse();
    assertThat(registry.grants(new ClusterKey("team-c", "gamma"), "token-a")).isFalse();

    registry.openCluster(CLUSTER_A, "new-token-a", INTERVAL);
    assertThat(registry.grants(CLUSTER_A, "token-a")).isFalse();
    assertThat(registry.grants(CLUSTER_A, "new-token-a")).isTrue();

    registry.closeCluster(CLUSTER_A);
    assertThat(registry.grants(CLUSTER_A, "new-token-a")).isFalse();
  }

  @Test
  void reopeningReplacesTheTokenAndKeepsTheWorkers() {
    registry.openCluster(CLUSTER_A, "old-token", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));

    registry.openCluster(CLUSTER_A, "new-token", Duration.ofSeconds(3));

    assertThat(registry.clusterForToken("old-token")).isEmpty();
    assertThat(registry.clusterForToken("new-token")).contains(CLUSTER_A);
    assertThat(registry.workers(CLUSTER_A)).extracting(RegisteredWorker::workerId).contains("w-1");
    assertThat(registry.register(CLUSTER_A, worker("w-2", "10.0.0.2")))
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void openingTwiceWithTheSameTokenIsIdempotent() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);

    assertThat(registry.clusterForToken("token-a")).contains(CLUSTER_A);
  }

  @Test
  void twoClustersCannotShareAToken() {
    registry.openCluster(CLUSTER_A, "shared", INTERVAL);

    assertThatThrownBy(() -> registry.openCluster(CLUSTER_B, "shared", INTERVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(CLUSTER_A.toString())
        .hasMessageNotContaining("shared");
    assertThat(registry.clusterForToken("shared")).contains(CLUSTER_A);
  }

  @Test
  void blankTokensAndNonPositiveIntervalsAreRefused() {
    assertThatThrownBy(() -> registry.openCluster(CLUSTER_A, " ", INTERVAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.openCluster(CLUSTER_A, "t", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closingForgetsTokenAndWorkers() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));

    registry.closeCluster(CLUSTER_A);

    assertThat(registry.clusterForToken("token-a")).isEmpty();
    assertThat(registry.workers(CLUSTER_A)).isEmpty();
    assertThat(registry.heartbeat(CLUSTER_A, "w-1")).isFalse();
  }

  @Test
  void closedClustersAreRememberedByTokenUpToTheCapacityOldestFirstOut() {
    WorkerRegistry small = new WorkerRegistry(clock, listener, 2);
    for (String name : List.of("c1", "c2", "c3")) {
      small.openCluster(new ClusterKey("ns", name), "token-" + name, INTERVAL);
      small.closeCluster(new ClusterKey("ns", name));
    }

    assertThat(small.closedClusterForToken("token-c1")).as("dropped: the oldest").isEmpty();
    assertThat(small.closedClusterForToken("token-c2")).contains(new ClusterKey("ns", "c2"));
    assertThat(small.closedClusterForToken("token-c3")).contains(new ClusterKey("ns", "c3"));
    assertThat(small.closedClusterForToken("token-never")).isEmpty();
    assertThat(small.closedClusterForToken(null)).isEmpty();
  }

  @Test
  void registeringInAClusterThatIsNotOpenIsRefusedSilently() {
    assertThat(registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"))).isEmpty();
    assertThat(registry.workers(CLUSTER_A)).isEmpty();
    assertThat(listener.notifications()).isEmpty();
  }

  @Test
  void registerListsTheWorkerWithTheClockTime() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);

    assertThat(registry.register(CLUSTER_A, new WorkerRegistration("w-1", "10.0.0.1", 9000)))
        .contains(INTERVAL);

    assertThat(registry.workers(CLUSTER_A))
        .containsExactly(new RegisteredWorker("w-1", "10.0.0.1", 9000, START, START));
  }

  @Test
  void heartbeatMovesOnlyTheLastHeartbeat() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));
    clock.advance(Duration.ofSeconds(7));

    assertThat(registry.heartbeat(CLUSTER_A, "w-1")).isTrue();

    RegisteredWorker listed = registry.workers(CLUSTER_A).get(0);
    assertThat(listed.registeredAt()).isEqualTo(START);
    assertThat(listed.lastHeartbeat()).isEqualTo(START.plusSeconds(7));
  }

  @Test
  void heartbeatOfAnUnknownWorkerIsFalse() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);

    assertThat(registry.heartbeat(CLUSTER_A, "nobody")).isFalse();
    assertThat(registry.heartbeat(CLUSTER_B, "nobody")).isFalse();
  }

  @Test
  void registeringAgainFromTheSameAddressKeepsRegisteredAt() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, new WorkerRegistration("w-1", "10.0.0.1", 0));
    clock.advance(Duration.ofMinutes(1));

    registry.register(CLUSTER_A, new WorkerRegistration("w-1", "10.0.0.1", 7000));

    assertThat(registry.workers(CLUSTER_A))
        .containsExactly(
            new RegisteredWorker("w-1", "10.0.0.1", 7000, START, START.plusSeconds(60)));
  }

  @Test
  void registeringAgainFromAnotherAddressStartsAnew() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));
    clock.advance(Duration.ofMinutes(1));
    Instant later = START.plusSeconds(60);

    registry.register(CLUSTER_A, worker("w-1", "10.0.0.9"));

    assertThat(registry.workers(CLUSTER_A))
        .containsExactly(new RegisteredWorker("w-1", "10.0.0.9", 8080, later, later));
  }

  @Test
  void deregisterRemovesTheWorker() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));

    registry.deregister(CLUSTER_A, "w-1");

    assertThat(registry.workers(CLUSTER_A)).isEmpty();
    assertThat(registry.heartbeat(CLUSTER_A, "w-1")).isFalse();
  }

  @Test
  void listenerHearsRegistrationsAndDeregistrationsButNotHeartbeats() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.openCluster(CLUSTER_B, "token-b", INTERVAL);

    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));
    registry.heartbeat(CLUSTER_A, "w-1");
    registry.heartbeat(CLUSTER_A, "w-1");
    registry.register(CLUSTER_B, worker("w-2", "10.0.0.2"));
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));
    registry.deregister(CLUSTER_A, "w-1");

    assertThat(listener.notifications())
        .containsExactly(CLUSTER_A, CLUSTER_B, CLUSTER_A, CLUSTER_A);
  }

  @Test
  void deregisteringAnUnknownWorkerNotifiesNobody() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);

    registry.deregister(CLUSTER_A, "nobody");

    assertThat(listener.notifications()).isEmpty();
  }

  @Test
  void forgetRemovesTheWorkerWithoutNotifying() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));

    registry.forget(CLUSTER_A, "w-1");

    assertThat(registry.workers(CLUSTER_A)).isEmpty();
    assertThat(listener.notifications()).containsExactly(CLUSTER_A);
  }

  @Test
  void forgetAndCloseClusterHaveTheirOwnNotifications() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));

    registry.forget(CLUSTER_A, "w-1");
    registry.forget(CLUSTER_A, "never-registered");
    registry.closeCluster(CLUSTER_A);
    registry.closeCluster(CLUSTER_A);

    assertThat(listener.forgotten()).containsExactly(CLUSTER_A + " w-1");
    assertThat(listener.closed()).containsExactly(CLUSTER_A);
  }

  @Test
  void anAddedListenerHearsUntilItIsRemoved() {
    RecordingListener added = new RecordingListener();
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.addListener(added);

    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));
    registry.removeListener(added);
    registry.deregister(CLUSTER_A, "w-1");

    assertThat(added.notifications()).containsExactly(CLUSTER_A);
    assertThat(listener.notifications()).containsExactly(CLUSTER_A, CLUSTER_A);
  }

  @Test
  void aFailingListenerDoesNotUndoTheRegistration() {
    WorkerRegistry withBadListener =
        new WorkerRegistry(
            clock,
            key -> {
              throw new IllegalStateException("listener broke");
            });
    withBadListener.openCluster(CLUSTER_A, "token-a", INTERVAL);

    RecordingListener second = new RecordingListener();
    withBadListener.addListener(second);

    assertThat(withBadListener.register(CLUSTER_A, worker("w-1", "10.0.0.1"))).contains(INTERVAL);
    assertThat(withBadListener.workers(CLUSTER_A)).hasSize(1);
    assertThat(second.notifications()).containsExactly(CLUSTER_A);
  }

  @Test
  void aWorkerOfOneClusterIsInvisibleToAnother() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.openCluster(CLUSTER_B, "token-b", INTERVAL);
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));

    assertThat(registry.workers(CLUSTER_B)).isEmpty();
    assertThat(registry.heartbeat(CLUSTER_B, "w-1")).isFalse();
    registry.deregister(CLUSTER_B, "w-1");
    assertThat(registry.workers(CLUSTER_A))
        .extracting(RegisteredWorker::workerId)
        .containsExactly("w-1");
  }

  @Test
  void workersAreSortedByIdAndTheListIsASnapshot() {
    registry.openCluster(CLUSTER_A, "token-a", INTERVAL);
    registry.register(CLUSTER_A, worker("w-3", "10.0.0.3"));
    registry.register(CLUSTER_A, worker("w-1", "10.0.0.1"));
    registry.register(CLUSTER_A, worker("w-2", "10.0.0.2"));

    var snapshot = registry.workers(CLUSTER_A);
    registry.deregister(CLUSTER_A, "w-2");

    assertThat(snapshot)
        .extracting(RegisteredWorker::workerId)
        .containsExactly("w-1", "w-2", "w-3");
    assertThatThrownBy(() -> snapshot.remove(0)).isInstanceOf(UnsupportedOperationException.class);
  }
}
