package io.clustermanagers.aws.operator.core;

/**
 * The operator's ceilings on workers, so that no typo in a spec can burn money or a machine.
 *
 * @param perCluster the most workers one cluster may have ({@code --max-workers-per-cluster})
 * @param total the most workers all clusters of this operator may have together ({@code
 *     --max-workers})
 */
public record WorkerLimits(int perCluster, int total) {
  public static final WorkerLimits DEFAULT = new WorkerLimits(1000, 5000);

  public WorkerLimits {
    if (perCluster < 1 || total < 1) {
      throw new IllegalArgumentException(
          "worker limits must be at least 1: perCluster " + perCluster + ", total " + total);
    }
  }
}
