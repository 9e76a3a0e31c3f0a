package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the agents of ECS tasks that moto does not run: registers task ids with the coordinator as
 * the agent would (worker id = task id) and heartbeats them every second until closed.
 */
final class AgentStandIn implements AutoCloseable {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String workersUrl;
  private final String token;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

  AgentStandIn(String coordinatorUrl, String namespace, String name, String token) {
    this.workersUrl = coordinatorUrl + "/v1/clusters/" + namespace + "/" + name + "/workers";
    this.token = token;
    heartbeats.scheduleWithFixedDelay(this::heartbeatAll, 1, 1, TimeUnit.SECONDS);
  }

  void register(String taskId) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(URI.create(workersUrl))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"workerId\":\"" + taskId + "\",\"address\":\"10.0.0.1\",\"port\":0}"))
            .header("Content-Type", "application/json"),
        200);
    registered.add(taskId);
  }

  private void heartbeatAll() {
    for (String id : registered) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(workersUrl + "/" + id + "/heartbeat"))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
          registered.remove(id); // stopped and forgotten by the operator: the agent has gone
        }
      } catch (IOException e) {
        // the next beat tries again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException(
          "coordinator answered " + response.statusCode() + ": " + response.body());
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
