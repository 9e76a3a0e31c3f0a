package io.clustermanagers.aws.operator.coordinator;

/** Names each request's route (a bounded set) and reports it with the status answered. */
final class ObservingFilter implements ExchangeAction {
  private final ExchangeAction action;
  private final RequestObserver observer;

  ObservingFilter(ExchangeAction action, RequestObserver observer) {
    this.action = action;
    this.observer = observer;
  }

  @Override
  public Answer serve(CoordinatorRequest request) {
    Answer answer = action.serve(request);
    String route = route(request.method(), request.path());
    observer.answered(
        route.equals("list") && isWatch(request.rawQuery()) ? "watch" : route, answer.status());
    return answer;
  }

  private static boolean isWatch(String rawQuery) {
    try {
      return WatchEndpoint.wantsWatch(rawQuery);
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
