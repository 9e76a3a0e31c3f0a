package io.clustermanagers.aws.agent;

import java.time.Duration;

/** What the agent runs once registered. */
interface Workload {

  /** Blocks until the workload ends; returns its exit code. */
  int awaitExit() throws InterruptedException;

  /** Asks the workload to end (SIGTERM) and kills it if it is still running after {@code grace}. */
  void stop(Duration grace) throws InterruptedException;
}
