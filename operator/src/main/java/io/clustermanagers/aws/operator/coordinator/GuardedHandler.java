package io.clustermanagers.aws.operator.coordinator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExchangeAction}, answers a rejection with its JSON error and anything unexpected
 * with a 500. Logs method and path only, never headers (tokens).
 */
final class GuardedHandler implements ExchangeAction {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedHandler.class);

  private final ExchangeAction action;
  private final JsonResponder responder;

  GuardedHandler(ExchangeAction action, JsonResponder responder) {
    this.action = action;
    this.responder = responder;
  }

  @Override
  public Answer serve(CoordinatorRequest request) {
    try {
      return action.serve(request);
    } catch (RequestRejectedException rejection) {
      return responder.rejection(rejection);
    } catch (RuntimeException e) {
      LOG.warn("coordinator failed on {} {}", request.method(), request.path(), e);
      return responder.error(500, "internal error");
    }
  }
}
