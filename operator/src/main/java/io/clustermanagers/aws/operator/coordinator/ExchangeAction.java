package io.clustermanagers.aws.operator.coordinator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Answers one exchange; may throw {@link RequestRejectedException} to answer with an error. {@link
 * GuardedHandler} turns exceptions into responses and closes the exchange, unless the action handed
 * the exchange over to a stream that closes it itself.
 */
@FunctionalInterface
interface ExchangeAction {
  /** What became of an exchange once the action returned. */
  enum Outcome {
    /** Answered in full: the handler closes the exchange. */
    ANSWERED,
    /** Taken over by a stream on another thread, which closes the exchange when it ends. */
    HANDED_OVER
  }

  Outcome serve(HttpExchange exchange) throws IOException;
}
