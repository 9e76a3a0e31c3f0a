package io.clustermanagers.aws.operator.coordinator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Answers one exchange; may throw {@link RequestRejectedException} to answer with an error. {@link
 * GuardedHandler} turns exceptions into responses and closes the exchange.
 */
@FunctionalInterface
interface ExchangeAction {
  void serve(HttpExchange exchange) throws IOException;
}
