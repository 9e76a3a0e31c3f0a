package io.clustermanagers.aws.operator.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's stops of single workers (not whole gangs) as one backend call per reason, so that a
 * backend can stop many workers at once (Batch: one TerminateJob on an array's parent instead of
 * one per child). Pure.
 *
 * @param message the order's message for one worker; for several, the orders' common sentence with
 *     "N workers" for the worker ("stopping 3 workers: the cluster is suspended"), or the part
 *     after the last colon they share ("stopping 3 workers: scaling down"), or else the reason
 */
record StopBatch(String reason, List<String> workerIds, String message) {

  static List<StopBatch> of(List<StopOrder> stops) {
    Map<String, List<StopOrder>> byReason = new LinkedHashMap<>();
    for (StopOrder stop : stops) {
      if (stop.wholeGang().isEmpty()) {
        byReason.computeIfAbsent(stop.reason(), k -> new ArrayList<>()).add(stop);
      }
    }
    List<StopBatch> batches = new ArrayList<>();
    byReason.forEach(
        (reason, orders) ->
            batches.add(
                new StopBatch(
                    reason,
                    orders.stream().map(StopOrder::workerId).toList(),
                    orders.size() == 1 ? orders.get(0).message() : message(reason, orders))));
    return List.copyOf(batches);
  }

  private static String message(String reason, List<StopOrder> orders) {
    String many = orders.size() + " workers";
    List<String> templates =
        orders.stream().map(o -> o.message().replace("worker " + o.workerId(), "\0")).toList();
    if (templates.stream().distinct().count() == 1 && templates.get(0).contains("\0")) {
      return templates.get(0).replace("\0", many);
    }
    List<String> tails =
        orders.stream()
            .map(o -> o.message().substring(o.message().lastIndexOf(": ") + 1).trim())
            .distinct()
            .toList();
    String why = tails.size() == 1 && !tails.get(0).isEmpty() ? tails.get(0) : reason;
    return "stopping " + many + ": " + why;
  }
}
