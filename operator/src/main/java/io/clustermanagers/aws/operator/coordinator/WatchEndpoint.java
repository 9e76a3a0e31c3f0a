package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.badRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code GET .../workers?watch=true}: subscribes the caller (429 when the cluster has its most
 * watchers), answers 200 with a chunked {@code application/x-ndjson} body and hands the exchange
 * over to a {@link WatchStream} on the watch executor, so that long-lived streams never hold the
 * threads that serve registrations and heartbeats.
 */
final class WatchEndpoint {
  static final String CONTENT_TYPE = "application/x-ndjson";
  private static final int RETRY_AFTER_SECONDS = 5;

  private final WorkerWatchHub hub;
  private final Executor streams;
  private final ScheduledExecutorService timer;
  private final ObjectMapper mapper;

  WatchEndpoint(
      WorkerWatchHub hub, Executor streams, ScheduledExecutorService timer, ObjectMapper mapper) {
    this.hub = hub;
    this.streams = streams;
    this.timer = timer;
    this.mapper = mapper;
  }

  /**
   * Whether the query asks for a watch: {@code watch=true} or {@code watch=1}; absent, {@code
   * false} or {@code 0} lists once.
   *
   * @throws RequestRejectedException 400 for another value
   */
  static boolean wantsWatch(URI uri) {
    String query = uri.getRawQuery();
    if (query == null) {
      return false;
    }
    boolean watch = false;
    for (String parameter : query.split("&")) {
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

  ExchangeAction.Outcome open(ClusterKey cluster, HttpExchange exchange) throws IOException {
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
    WatchStream stream = new WatchStream(watch, exchange, mapper, hub.settings(), timer);
    watch.onCutOff(stream::abort);
    try {
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
      streams.execute(stream);
      return ExchangeAction.Outcome.HANDED_OVER;
    } catch (RejectedExecutionException shuttingDown) {
      watch.close();
      return ExchangeAction.Outcome.ANSWERED;
    } catch (IOException | RuntimeException e) {
      watch.close();
      throw e;
    }
  }
}
