package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.badRequest;

import io.clustermanagers.aws.operator.model.ClusterKey;

/**
 * {@code GET .../workers?watch=true}: subscribes the caller (429 when the cluster has its most
 * watchers) and answers with the watch, which the server writes as a chunked {@code
 * application/x-ndjson} body ({@link WatchStream}) without holding a thread for it.
 */
final class WatchEndpoint {
  static final String CONTENT_TYPE = "application/x-ndjson";
  private static final int RETRY_AFTER_SECONDS = 5;

  private final WorkerWatchHub hub;

  WatchEndpoint(WorkerWatchHub hub) {
    this.hub = hub;
  }

  /**
   * Whether the query asks for a watch: {@code watch=true} or {@code watch=1}; absent, {@code
   * false} or {@code 0} lists once.
   *
   * @param rawQuery the query as sent, or null
   * @throws RequestRejectedException 400 for another value
   */
  static boolean wantsWatch(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    boolean watch = false;
    for (String parameter : rawQuery.split("&")) {
      int eq = parameter.indexOf('=');
      String key = eq < 0 ? parameter : parameter.substring(0, eq);
      if (key.equals("watch")) {
        watch = parse(eq < 0 ? "" : parameter.substring(eq + 1));
      }
    }
    return watch;
  }

  private static boolean parse(String value) {
    return switch (value) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw badRequest("watch must be true or false");
    };
  }

  Answer open(ClusterKey cluster) {
    WorkerWatch watch =
        hub.subscribe(cluster)
            .orElseThrow(
                () ->
                    RequestRejectedException.tooManyRequests(
                        "cluster "
                            + cluster
                            + " already has "
                            + hub.settings().maxPerCluster()
                            + " watchers, the most it may have: end one, or list the workers"
                            + " without watch=true",
                        RETRY_AFTER_SECONDS));
    return new Answer.Watch(watch);
  }
}
