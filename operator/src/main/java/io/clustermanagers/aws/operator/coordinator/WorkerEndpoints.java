package io.clustermanagers.aws.operator.coordinator;

import static io.clustermanagers.aws.operator.coordinator.RequestRejectedException.notFound;

import io.clustermanagers.aws.operator.model.ClusterKey;
import java.time.Duration;
import java.util.List;

/** The worker operations of the protocol, on an already authorized route. */
final class WorkerEndpoints {
  private final WorkerRegistry registry;
  private final WorkerRegistrationParser parser;
  private final WorkerFieldValidator validator;
  private final JsonResponder responder;
  private final WatchEndpoint watches;

  WorkerEndpoints(
      WorkerRegistry registry,
      WorkerRegistrationParser parser,
      WorkerFieldValidator validator,
      JsonResponder responder,
      WatchEndpoint watches) {
    this.registry = registry;
    this.parser = parser;
    this.validator = validator;
    this.responder = responder;
    this.watches = watches;
  }

  Answer serve(ApiRoute route, CoordinatorRequest request) {
    ClusterKey cluster = route.cluster();
    return switch (route.endpoint()) {
      case WORKERS -> {
        if (!"GET".equals(request.method())) {
          yield register(cluster, request);
        }
        yield WatchEndpoint.wantsWatch(request.rawQuery()) ? watches.open(cluster) : list(cluster);
      }
      case WORKER -> deregister(cluster, validator.workerId(route.workerId()));
      case HEARTBEAT -> heartbeat(cluster, validator.workerId(route.workerId()));
    };
  }

  private Answer register(ClusterKey cluster, CoordinatorRequest request) {
    WorkerRegistration registration = parser.parse(request.body());
    Duration interval =
        registry
            .register(cluster, registration)
            .orElseThrow(() -> notFound("cluster " + cluster + " is not open"));
    return responder.json(200, new RegisterAnswer(interval.toMillis()));
  }

  private Answer heartbeat(ClusterKey cluster, String workerId) {
    if (!registry.heartbeat(cluster, workerId)) {
      throw notFound("worker " + workerId + " is not registered in cluster " + cluster);
    }
    return responder.noContent();
  }

  private Answer deregister(ClusterKey cluster, String workerId) {
    registry.deregister(cluster, workerId);
    return responder.noContent();
  }

  private Answer list(ClusterKey cluster) {
    List<WorkerView> workers = registry.workers(cluster).stream().map(WorkerView::of).toList();
    return responder.json(200, new WorkerList(workers));
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
