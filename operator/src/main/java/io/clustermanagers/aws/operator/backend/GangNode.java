package io.clustermanagers.aws.operator.backend;

/**
 * A worker's place in a gang: workers launched, run and replaced together (the nodes of one Batch
 * multi-node parallel job).
 *
 * @param gang the gang's id (the job id), the same for each of its workers
 * @param size how many workers the gang was launched with
 * @param index this worker's index in the gang, 0 to {@code size - 1}
 * @param main whether this worker is the gang's main node (whose end ends the gang)
 */
public record GangNode(String gang, int size, int index, boolean main) {
  public GangNode {
    if (size < 1 || index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " of a gang of " + size);
    }
  }
}
