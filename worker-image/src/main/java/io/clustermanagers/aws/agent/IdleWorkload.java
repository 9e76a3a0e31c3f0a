package io.clustermanagers.aws.agent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The workload of an agent started without a command: nothing, until it is stopped (exit 0). */
final class IdleWorkload implements Workload {

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public int awaitExit() throws InterruptedException {
    stopped.await();
    return 0;
  }

  @Override
  public void stop(Duration grace) {
    stopped.countDown();
  }
}
