package io.clustermanagers.aws.operator.core;

/** Whether a cluster is reconciled this time: the pass to converge, or why not. */
sealed interface Admission {

  /** The spec is valid and its backend enabled; the cluster's registry entry is open. */
  record Admitted(ReconcilePass pass) implements Admission {}

  /**
   * The cluster is not reconciled until its spec changes; running workers are kept.
   *
   * @param countsAsError whether the reconcile-error metric counts it
   */
  record Refused(String reason, String message, boolean countsAsError) implements Admission {}
}
