package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.notFound;

import com.sun.net.httpserver.HttpExchange;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The worker operations of the protocol, on an already authorized route. */
final class WorkerEndpoints {
  private final WorkerRegistry registry;
  private final RequestBodyReader bodyReader;
  private final WorkerRegistrationParser parser;
  private final WorkerFieldValidator validator;
  private final JsonResponder responder;
  private final WatchEndpoint watches;

  WorkerEndpoints(
      WorkerRegistry registry,
      RequestBodyReader bodyReader,
      WorkerRegistrationParser parser,
      WorkerFieldValidator validator,
      JsonResponder responder,
      WatchEndpoint watches) {
    this.registry = registry;
    this.bodyReader = bodyReader;
    this.parser = parser;
    this.validator = validator;
    this.responder = responder;
    this.watches = watches;
  }

  ExchangeAction.Outcome serve(ApiRoute route, HttpExchange exchange) throws IOException {
    ClusterKey cluster = route.cluster();
    switch (route.endpoint()) {
      case WORKERS -> {
        if (!"GET".equals(exchange.getRequestMethod())) {
          register(cluster, exchange);
        } else if (WatchEndpoint.wantsWatch(exchange.getRequestURI())) {
          return watches.open(cluster, exchange);
        } else {
          list(cluster, exchange);
        }
      }
      case WORKER -> deregister(cluster, validator.workerId(route.workerId()), exchange);
      case HEARTBEAT -> heartbeat(cluster, validator.workerId(route.workerId()), exchange);
    }
    return ExchangeAction.Outcome.ANSWERED;
  }

  private void register(ClusterKey cluster, HttpExchange exchange) throws IOException {
    WorkerRegistration registration = parser.parse(bodyReader.read(exchange.getRequestBody()));
    Duration interval =
        registry
            .register(cluster, registration)
            .orElseThrow(() -> notFound("cluster " + cluster + " is not open"));
    responder.json(exchange, 200, new RegisterAnswer(interval.toMillis()));
  }

  private void heartbeat(ClusterKey cluster, String workerId, HttpExchange exchange)
      throws IOException {
    if (!registry.heartbeat(cluster, workerId)) {
      throw notFound("worker " + workerId + " is not registered in cluster " + cluster);
    }
    responder.noContent(exchange);
  }

  private void deregister(ClusterKey cluster, String workerId, HttpExchange exchange)
      throws IOException {
    registry.deregister(cluster, workerId);
    responder.noContent(exchange);
  }

  private void list(ClusterKey cluster, HttpExchange exchange) throws IOException {
    List<WorkerView> workers = registry.workers(cluster).stream().map(WorkerView::of).toList();
    responder.json(exchange, 200, new WorkerList(workers));
  }

  /** {@code {"heartbeatIntervalMillis": ...}} */
  record RegisterAnswer(long heartbeatIntervalMillis) {}

  /** {@code {"workers": [...]}} */
  record WorkerList(List<WorkerView> workers) {}

  /** One worker with ISO-8601 instants. */
  record WorkerView(
      String workerId, String address, int port, String registeredAt, String lastHeartbeat) {

    static WorkerView of(RegisteredWorker worker) {
      return new WorkerView(
          worker.workerId(),
          worker.address(),
          worker.port(),
          worker.registeredAt().toString(),
          worker.lastHeartbeat().toString());
    }
  }
}
