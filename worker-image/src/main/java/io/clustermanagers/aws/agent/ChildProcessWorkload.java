package io.clustermanagers.aws.agent;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A workload command running as a child process of the agent. */
final class ChildProcessWorkload implements Workload {

  private final Process process;

  ChildProcessWorkload(Process process) {
    this.process = process;
  }

  @Override
  public int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  /** SIGTERM to the child; after {@code grace}, SIGKILL to it and everything it started. */
  @Override
  public void stop(Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
