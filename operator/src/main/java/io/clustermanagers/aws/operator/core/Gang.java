package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.operator.backend.GangNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observed workers of one gang (the nodes of one Batch multi-node job), in node order.
 *
 * @param id the gang's id (the job id)
 * @param size how many nodes it was launched with
 */
record Gang(String id, int size, List<WorkerView> nodes) {

  /** The gangs among the views, oldest launch first; workers of no gang are left out. */
  static List<Gang> of(List<WorkerView> views) {
    Map<String, List<WorkerView>> byGang = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (WorkerView view : views) {
      view.worker()
          .gang()
          .ifPresent(
              g -> {
                byGang.computeIfAbsent(g.gang(), k -> new ArrayList<>()).add(view);
                sizes.put(g.gang(), g.size());
              });
    }
    return byGang.entrySet().stream()
        .map(
            e ->
                new Gang(
                    e.getKey(),
                    sizes.get(e.getKey()),
                    e.getValue().stream().sorted(Comparator.comparingInt(Gang::index)).toList()))
        .sorted(Comparator.comparingLong(Gang::firstSequence))
        .toList();
  }

  static int index(WorkerView view) {
    return view.worker().gang().map(GangNode::index).orElse(0);
  }

  long firstSequence() {
    return nodes.stream().mapToLong(v -> v.worker().launchSequence()).min().orElse(0);
  }

  /** Its nodes that count toward the cluster: not ended, not on their way out. */
  List<WorkerView> active() {
    return nodes.stream().filter(WorkerView::isActive).toList();
  }

  /** Whether any of its nodes still counts: a gang with none has ended or is being stopped. */
  boolean isRunning() {
    return nodes.stream().anyMatch(WorkerView::isActive);
  }

  /** How many of its nodes are gone (ended, stopping or never seen) while it runs. */
  int missing() {
    return size - active().size();
  }

  /** "the 4-node job 1a2b…". */
  String describe() {
    return "the " + size + "-node job " + id;
  }

  /** "a 4-node job", "an 8-node job", "an 11-node job". */
  static String aJobOf(int nodes) {
    String n = Integer.toString(nodes);
    boolean vowel =
        n.startsWith("8")
            || ((n.startsWith("11") || n.startsWith("18")) && (n.length() == 2 || n.length() == 5));
    return (vowel ? "an " : "a ") + n + "-node job";
  }
}
