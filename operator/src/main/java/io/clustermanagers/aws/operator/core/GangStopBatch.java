package io.clustermanagers.aws.operator.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's stops of whole gangs (multi-node jobs) grouped by reason: one backend call per gang (a
 * gang is stopped whole), one Event per batch, as {@link StopBatch} does for single workers. Pure.
 *
 * @param message the gang's own message for one gang; for several, "stopping N multi-node jobs"
 *     with the part after the last colon they share ("the cluster is suspended"), or else the
 *     reason
 */
record GangStopBatch(String reason, List<GangStop> gangs, String message) {

  /** One gang to stop whole, with the message its own stop order gave. */
  record GangStop(String gangId, List<String> workerIds, String message) {}

  static List<GangStopBatch> of(List<StopOrder> stops) {
    Map<String, Map<String, List<StopOrder>>> byReason = new LinkedHashMap<>();
    for (StopOrder stop : stops) {
      stop.wholeGang()
          .ifPresent(
              gang ->
                  byReason
                      .computeIfAbsent(stop.reason(), r -> new LinkedHashMap<>())
                      .computeIfAbsent(gang, g -> new ArrayList<>())
                      .add(stop));
    }
    List<GangStopBatch> batches = new ArrayList<>();
    byReason.forEach((reason, byGang) -> batches.add(batch(reason, byGang)));
    return List.copyOf(batches);
  }

  /** How many workers the batch stops. */
  int workerCount() {
    return gangs.stream().mapToInt(g -> g.workerIds().size()).sum();
  }

  private static GangStopBatch batch(String reason, Map<String, List<StopOrder>> byGang) {
    List<GangStop> gangs = new ArrayList<>();
    byGang.forEach(
        (gang, orders) ->
            gangs.add(
                new GangStop(
                    gang,
                    orders.stream().map(StopOrder::workerId).toList(),
                    orders.get(0).message())));
    return new GangStopBatch(reason, List.copyOf(gangs), message(reason, gangs));
  }

  private static String message(String reason, List<GangStop> gangs) {
    if (gangs.size() == 1) {
      return gangs.get(0).message();
    }
    List<String> tails =
        gangs.stream()
            .map(g -> g.message().substring(g.message().lastIndexOf(": ") + 1).trim())
            .distinct()
            .toList();
    String why = tails.size() == 1 && !tails.get(0).isEmpty() ? tails.get(0) : reason;
    return "stopping " + gangs.size() + " multi-node jobs: " + why;
  }
}
