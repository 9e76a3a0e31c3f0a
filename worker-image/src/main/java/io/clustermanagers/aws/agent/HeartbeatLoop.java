package io.clustermanagers.aws.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats at the coordinator's interval; registers again when the coordinator has forgotten the
 * worker (404) and keeps trying on the next tick after any failure, except a 410 (the cluster is
 * gone), which gives up at once. Logs only changes of state.
 */
final class HeartbeatLoop implements AutoCloseable {

  private final CoordinatorClient client;
  private final ScheduledExecutorService scheduler;
  private final AgentLog log;
  private final GiveUpSignal giveUp;
  private Duration interval;
  private ScheduledFuture<?> task;
  private boolean failing;
  private boolean closed;

  HeartbeatLoop(
      CoordinatorClient client,
      ScheduledExecutorService scheduler,
      AgentLog log,
      GiveUpSignal giveUp) {
    this.client = client;
    this.scheduler = scheduler;
    this.log = log;
    this.giveUp = giveUp;
  }

  synchronized void start(Duration interval) {
    if (closed) {
      return;
    }
    if (task != null) {
      task.cancel(false);
    }
    this.interval = interval;
    long millis = interval.toMillis();
    task = scheduler.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (task != null) {
      task.cancel(false);
    }
  }

  private void beat() {
    try {
      if (client.heartbeat() == HeartbeatResult.UNKNOWN_WORKER) {
        registerAgain();
      }
      recovered();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UnexpectedStatusException e) {
      if (e.isClusterGone()) {
        giveUp.giveUp(GiveUp.clusterGone(e.getMessage()));
        close();
      } else {
        failed(e);
      }
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
  }

  private void registerAgain() throws IOException, InterruptedException {
    log.info("the coordinator does not know this worker, registering again");
    Duration next = client.register();
    log.info("registered again");
    if (!next.equals(currentInterval())) {
      log.info("heartbeat interval is now " + next.toMillis() + " ms");
      start(next);
    }
  }

  private synchronized Duration currentInterval() {
    return interval;
  }

  private void recovered() {
    if (failing) {
      log.info("heartbeats succeed again");
    }
    failing = false;
  }

  private void failed(Exception e) {
    if (!failing) {
      log.warn("heartbeat failed (" + AgentLog.describe(e) + "), will keep trying");
    }
    failing = true;
  }
}
