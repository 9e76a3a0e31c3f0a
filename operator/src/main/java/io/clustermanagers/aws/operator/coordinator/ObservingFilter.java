package io.clustermanagers.aws.operator.coordinator;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Names each request's route (a bounded set) and reports it with its status. */
final class ObservingFilter extends Filter {
  private final RequestObserver observer;

  ObservingFilter(RequestObserver observer) {
    this.observer = observer;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    try {
      chain.doFilter(exchange);
    } finally {
      String route = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
      observer.answered(
          route.equals("list") && isWatch(exchange) ? "watch" : route, exchange.getResponseCode());
    }
  }

  @Override
  public String description() {
    return "coordinator request metrics";
  }

  private static boolean isWatch(HttpExchange exchange) {
    try {
      return WatchEndpoint.wantsWatch(exchange.getRequestURI());
    } catch (RequestRejectedException badQuery) {
      return false;
    }
  }

  static String route(String method, String path) {
    if (path.equals(HealthCheck.PATH)) {
      return "healthz";
    }
    if (!path.startsWith("/v1/clusters/")) {
      return "other";
    }
    if (path.endsWith("/heartbeat") && method.equals("PUT")) {
      return "heartbeat";
    }
    if (path.endsWith("/workers")) {
      return switch (method) {
        case "POST" -> "register";
        case "GET" -> "list";
        default -> "other";
      };
    }
    return method.equals("DELETE") ? "deregister" : "other";
  }
}
