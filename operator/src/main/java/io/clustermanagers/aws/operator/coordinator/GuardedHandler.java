package io.clustermanagers.aws.operator.coordinator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExchangeAction}, answers a rejection with its JSON error, anything unexpected with
 * a 500, and closes the exchange unless a stream took it over. Logs method and path only, never
 * headers (tokens).
 */
final class GuardedHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedHandler.class);
  private static final int NOT_SENT = -1;

  private final ExchangeAction action;
  private final JsonResponder responder;

  GuardedHandler(ExchangeAction action, JsonResponder responder) {
    this.action = action;
    this.responder = responder;
  }

  @Override
  public void handle(HttpExchange exchange) {
    ExchangeAction.Outcome outcome = ExchangeAction.Outcome.ANSWERED;
    try {
      outcome = action.serve(exchange);
    } catch (RequestRejectedException rejection) {
      answerRejection(exchange, rejection);
    } catch (IOException e) {
      LOG.debug("I/O error on {} {}", exchange.getRequestMethod(), requestPath(exchange), e);
    } catch (RuntimeException e) {
      LOG.warn(
          "coordinator failed on {} {}", exchange.getRequestMethod(), requestPath(exchange), e);
      answerInternalError(exchange);
    } finally {
      if (outcome != ExchangeAction.Outcome.HANDED_OVER) {
        exchange.close();
      }
    }
  }

  private void answerRejection(HttpExchange exchange, RequestRejectedException rejection) {
    try {
      responder.rejection(exchange, rejection);
    } catch (IOException e) {
      LOG.debug("could not answer {} with {}", requestPath(exchange), rejection.status(), e);
    }
  }

  private void answerInternalError(HttpExchange exchange) {
    if (exchange.getResponseCode() != NOT_SENT) {
      return;
    }
    try {
      responder.error(exchange, 500, "internal error");
    } catch (IOException e) {
      LOG.debug("could not answer {} with 500", requestPath(exchange), e);
    }
  }

  private static String requestPath(HttpExchange exchange) {
    return exchange.getRequestURI().getPath();
  }
}
