package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StopBatchTest {
  @Test
  void singleStopsOfOneReasonAreOneCallAndGangsAreLeftToStopGang() {
    List<StopBatch> batches =
        StopBatch.of(
            List.of(
                new StopOrder("a:0", "Suspended", "stopping worker a:0: suspended"),
                new StopOrder("m#0", "Suspended", "gang", Optional.of("m")),
                new StopOrder("a:1", "Suspended", "stopping worker a:1: suspended"),
                new StopOrder("x", "HeartbeatLost", "worker x lost its heartbeat")));

    assertThat(batches)
        .containsExactly(
            new StopBatch("Suspended", List.of("a:0", "a:1"), "stopping 2 workers: suspended"),
            new StopBatch("HeartbeatLost", List.of("x"), "worker x lost its heartbeat"));
  }
}
