package io.clustermanagers.aws.operator.backend.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which TerminateJob calls stop a set of workers: one on the array parent where every child of the
 * array that still runs is to stop (Batch terminates the children with their parent), else one per
 * child or plain job. What "every child" is comes from the children last read (see {@link
 * GroupMemory}); without that reading, children are terminated one by one. Pure.
 *
 * @param wholeArrays parents to terminate, each with the children that stop with it
 * @param singleJobs plain jobs and children to terminate one by one
 */
record ArrayStops(Map<String, List<String>> wholeArrays, List<String> singleJobs) {

  /** The children of an array as last read, and whether each was asked to stop already. */
  interface Knowledge {
    Optional<List<BatchJob>> children(String parentId);

    /** The array's size, when known. */
    Optional<Integer> knownArraySize(String parentId);

    boolean stopRequested(String workerId);
  }

  static ArrayStops plan(Collection<String> workerIds, Knowledge known) {
    Map<String, Set<String>> byParent = new LinkedHashMap<>();
    List<String> single = new ArrayList<>();
    for (String id : new LinkedHashSet<>(workerIds)) {
      int colon = id.indexOf(':');
      if (colon > 0) {
        byParent.computeIfAbsent(id.substring(0, colon), k -> new LinkedHashSet<>()).add(id);
      } else {
        single.add(id);
      }
    }
    Map<String, List<String>> whole = new LinkedHashMap<>();
    byParent.forEach(
        (parent, asked) -> {
          if (stopsEveryRunningChild(parent, asked, known)) {
            whole.put(parent, List.copyOf(asked));
          } else {
            single.addAll(asked);
          }
        });
    return new ArrayStops(whole, single);
  }

  private static boolean stopsEveryRunningChild(String parent, Set<String> asked, Knowledge known) {
    Optional<List<BatchJob>> children = known.children(parent);
    Optional<Integer> size = known.knownArraySize(parent);
    if (children.isEmpty()
        || size.isEmpty()
        || children.get().size() != size.get()
        || asked.size() < 2) {
      return false;
    }
    return children.get().stream()
        .allMatch(c -> asked.contains(c.id()) || c.isTerminal() || known.stopRequested(c.id()));
  }
}
