package io.clustermanagers.aws.e2e;

/**
 * The operator of a chaos scenario, one process at a time: what the scenario changes and kills.
 * {@link OperatorModeControl} runs the operator jar against the real API server; {@link
 * StandaloneControl} runs {@code run -f}.
 */
interface ChaosControl extends AutoCloseable {
  /** {@code namespace/name} of the scenario's cluster. */
  String cluster();

  /**
   * Makes the step's change (the first step creates the cluster and starts the operator); returns
   * the kills it took (a standalone run is killed to change its file).
   */
  int apply(ChaosStep step) throws Exception;

  /** {@code kill -9} of the operator process, then a new one (same identity); returns when up. */
  void killAndRestart() throws Exception;

  /** Whether the end step is done (the resource gone, or the standalone run exited). */
  boolean ended();

  /** Token secrets of the cluster left on the Kubernetes side that nothing will remove. */
  int kubernetesSecretsLeft();

  /** The operator processes' output so far (kept for a failed scenario's report). */
  String output();

  @Override
  void close();
}
