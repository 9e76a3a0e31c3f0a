package io.clustermanagers.aws.operator.standalone;

import io.clustermanagers.aws.operator.backend.BackendWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a standalone run says when its stop phase ran out of time: what is left and may cost money
 * (workers not confirmed ended, the token secret), who it belongs to (the run's identity, its
 * state) and the command that finishes the job: the same run started again with {@value #STOP_FLAG}
 * adopts what is left (same identity: same UID, names, tags and secret), stops it, deletes the
 * secret and exits, launching nothing.
 *
 * @param identity the run's identity
 * @param file the cluster file
 * @param budget the stop phase's budget
 * @param workers what a last look found not ended; empty when the look failed ({@code lookFailed})
 * @param lookFailed why the last look failed, if it did
 * @param secretName the token secret that is deleted only after every worker ended; empty when the
 *     workers get their token another way (local, {@code --aws-token-delivery=environment})
 * @param stateDirectory where the run keeps its token and port for the next start
 */
record LeftBehindReport(
    RunIdentity identity,
    Path file,
    Duration budget,
    List<BackendWorker> workers,
    Optional<String> lookFailed,
    Optional<String> secretName,
    Path stateDirectory) {
  static final String STOP_FLAG = "--stop";

  /** How many workers are named one by one; the rest are counted. */
  static final int NAMED = 10;

  /** The lines to print, each a warning. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "! the stop phase ran out of its "
            + budget.toSeconds()
            + "s before everything was stopped (workers first, as they cost most; then the token"
            + " secret). Left behind by "
            + identity.describe()
            + ":");
    if (lookFailed.isPresent()) {
      lines.add(
          "!   workers: unknown, a last look failed (" + lookFailed.get() + "); some may run");
    } else if (workers.isEmpty()) {
      lines.add("!   workers: none running any more");
    } else {
      lines.add("!   " + workers.size() + " workers not confirmed stopped:");
      workers.stream().limit(NAMED).forEach(w -> lines.add("!     " + describe(w)));
      if (workers.size() > NAMED) {
        lines.add("!     and " + (workers.size() - NAMED) + " more");
      }
    }
    secretName.ifPresent(
        name -> lines.add("!   the token secret " + name + " in Secrets Manager (not deleted)"));
    lines.add("!   the run's state (token, coordinator port): " + stateDirectory);
    lines.add(
        "! to finish, run again with the same flags: aws-cluster-operator run -f "
            + file
            + identity.runId().map(id -> " " + RunIdentity.FLAG + " " + id).orElse("")
            + " "
            + STOP_FLAG
            + " (it adopts what is left, stops it, deletes the secret and exits; without "
            + STOP_FLAG
            + " it adopts it too and goes on running until Ctrl-C)");
    return lines;
  }

  private static String describe(BackendWorker worker) {
    return worker.id()
        + " ("
        + worker.phase()
        + (worker.stopRequested() ? ", stop asked for" : ", stop not yet asked for")
        + ")";
  }
}
