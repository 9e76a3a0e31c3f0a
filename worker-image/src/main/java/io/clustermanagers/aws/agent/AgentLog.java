package io.clustermanagers.aws.agent;

import java.io.PrintStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Concise lines on stderr, prefixed with the worker id. Callers never pass the token. */
final class AgentLog {

  private final PrintStream out;
  private final String prefix;

  AgentLog(PrintStream out, String workerId) {
    this.out = out;
    this.prefix = "[agent " + workerId + "] ";
  }

  void info(String message) {
    out.println(prefix + message);
  }

  void warn(String message) {
    out.println(prefix + "WARNING " + message);
  }

  void error(String message) {
    out.println(prefix + "ERROR " + message);
  }

  /** What to do when the coordinator's certificate is not trusted. */
  static final String UNTRUSTED_HINT =
      " (the coordinator's TLS certificate is not trusted: set ACM_COORDINATOR_CA_FILE to a PEM"
          + " file, or ACM_COORDINATOR_CA to the PEM text, of the CA that signed it)";

  /** A one-line description of a failure: its type and message, unwrapped from async wrappers. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof UnexpectedStatusException) {
      return cause.getMessage();
    }
    String message = cause.getMessage();
    String type = cause.getClass().getSimpleName();
    String described = message == null || message.isBlank() ? type : type + ": " + message;
    return cause instanceof javax.net.ssl.SSLHandshakeException
        ? described + UNTRUSTED_HINT
        : described;
  }
}
