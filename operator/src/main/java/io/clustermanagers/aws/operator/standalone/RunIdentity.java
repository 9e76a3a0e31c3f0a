package io.clustermanagers.aws.operator.standalone;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who a standalone run is, the same from one start to the next: the cluster file's namespace and
 * name, and the {@code --run-id} when one is given (to run the same file twice side by side). The
 * cluster's UID derives from it, and with it every name and tag the backends give workers (Batch
 * job names, ECS {@code startedBy}, local pid files, the token secret), so that a run started again
 * after a crash finds and adopts what the earlier one left instead of launching it twice.
 */
record RunIdentity(String namespace, String name, Optional<String> runId) {
  static final String FLAG = "--run-id";

  /** Lower-case letters, digits and '-' (a DNS label, as a namespace is), at most this long. */
  static final int MAX_RUN_ID_LENGTH = 40;

  private static final Pattern RUN_ID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /** The identity of the run of {@code namespace/name}; a given run id is checked first. */
  static RunIdentity of(String namespace, String name, Optional<String> runId) throws InvalidRunId {
    Optional<String> id = runId.filter(s -> !s.isEmpty());
    if (id.isPresent()
        && (id.get().length() > MAX_RUN_ID_LENGTH || !RUN_ID.matcher(id.get()).matches())) {
      throw new InvalidRunId(
          FLAG
              + ": \""
              + id.get()
              + "\" is not a valid run id: use 1 to "
              + MAX_RUN_ID_LENGTH
              + " lower-case letters, digits and '-', starting and ending with a letter or digit");
    }
    return new RunIdentity(namespace, name, id);
  }

  /** The cluster UID of every start of this run: a name-based UUID, never a random one. */
  String uid() {
    String seed =
        "aws-cluster-operator/standalone/"
            + namespace
            + "/"
            + name
            + runId.map(id -> "/" + id).orElse("");
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * The run's directory name under the state directory: {@code <namespace>_<name>[_<run id>]} ('_'
   * is in none of the three, so two identities never share a directory).
   */
  String directoryName() {
    return namespace + "_" + name + runId.map(id -> "_" + id).orElse("");
  }

  /** For messages: {@code namespace/name}, and the run id when there is one. */
  String describe() {
    return namespace + "/" + name + runId.map(id -> " (run id " + id + ")").orElse("");
  }

  /** The run id given is not one; the message names the flag. */
  static final class InvalidRunId extends Exception {
    InvalidRunId(String message) {
      super(message);
    }
  }
}
