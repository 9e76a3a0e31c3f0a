package io.clustermanagers.aws.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GangStopBatchTest {

  private static List<StopOrder> wholeGang(String gang, int nodes, String reason, String why) {
    List<StopOrder> stops = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      stops.add(
          new StopOrder(
              gang + "#" + i,
              reason,
              "stopping the " + nodes + "-node job " + gang + ": " + why,
              Optional.of(gang)));
    }
    return stops;
  }

  @Test
  void gangsStoppedForOneReasonAreOneBatchWithEachGangWhole() {
    List<StopOrder> stops = new ArrayList<>(wholeGang("j1", 4, "Suspended", "suspended"));
    stops.addAll(wholeGang("j2", 2, "Suspended", "suspended"));

    List<GangStopBatch> batches = GangStopBatch.of(stops);

    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).gangs())
        .extracting(GangStopBatch.GangStop::gangId, g -> g.workerIds().size())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("j1", 4),
            org.assertj.core.groups.Tuple.tuple("j2", 2));
    assertThat(batches.get(0).workerCount()).isEqualTo(6);
    assertThat(batches.get(0).message()).isEqualTo("stopping 2 multi-node jobs: suspended");
  }

  @Test
  void oneGangKeepsItsOwnMessage() {
    List<GangStopBatch> batches = GangStopBatch.of(wholeGang("j1", 3, "ScaleDown", "not wanted"));

    assertThat(batches)
        .singleElement()
        .extracting(GangStopBatch::message)
        .isEqualTo("stopping the 3-node job j1: not wanted");
  }

  @Test
  void eachReasonIsABatchOfItsOwnAndSingleWorkersAreLeftToStopBatch() {
    List<StopOrder> stops = new ArrayList<>(wholeGang("j1", 2, "ScaleDown", "not wanted"));
    stops.addAll(wholeGang("j2", 2, "NodeLost", "a node was lost"));
    stops.add(new StopOrder("w-1", "ScaleDown", "stopping worker w-1: scaling down"));

    List<GangStopBatch> batches = GangStopBatch.of(stops);

    assertThat(batches).extracting(GangStopBatch::reason).containsExactly("ScaleDown", "NodeLost");
    assertThat(batches)
        .flatExtracting(GangStopBatch::gangs)
        .extracting(GangStopBatch.GangStop::gangId)
        .containsExactly("j1", "j2");
  }

  @Test
  void differentWhysForOneReasonFallBackToTheReason() {
    List<StopOrder> stops = new ArrayList<>(wholeGang("j1", 2, "ScaleDown", "not wanted"));
    stops.addAll(wholeGang("j2", 2, "ScaleDown", "over the limit"));

    assertThat(GangStopBatch.of(stops))
        .singleElement()
        .extracting(GangStopBatch::message)
        .isEqualTo("stopping 2 multi-node jobs: ScaleDown");
  }
}
