package io.clustermanagers.aws.agent;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the heartbeat loop and the loss watch say that the agent must end; the first reason wins.
 * The agent acts on it on a thread of its own, since stopping the workload waits for its grace.
 */
final class GiveUpSignal {

  private final CompletableFuture<GiveUp> reason = new CompletableFuture<>();

  void giveUp(GiveUp why) {
    reason.complete(why);
  }

  boolean isGivenUp() {
    return reason.isDone();
  }

  void onGiveUp(Consumer<GiveUp> action) {
    reason.thenAcceptAsync(action, GiveUpSignal::startThread);
  }

  private static void startThread(Runnable task) {
    Thread thread = new Thread(task, "agent-give-up");
    thread.setDaemon(true);
    thread.start();
  }
}
