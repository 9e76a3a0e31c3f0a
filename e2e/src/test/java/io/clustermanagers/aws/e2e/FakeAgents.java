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
 * Does what the agent in a Batch job or ECS task would (moto runs no containers): registers worker
 * ids (job or task ids) with the coordinator using the cluster's token and heartbeats them every
 * second until closed. A worker the coordinator has forgotten (404: stopped and removed) is
 * dropped, as its agent would be gone.
 */
final class FakeAgents implements AutoCloseable {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

  /** {@code token} is the cluster's coordinator token (see OperatorHarness#coordinatorToken). */
  FakeAgents(String coordinatorUrl, String namespace, String name, String token) {
    this.base = coordinatorUrl + "/v1/clusters/" + namespace + "/" + name + "/workers";
    this.token = token;
    heartbeats.scheduleWithFixedDelay(this::heartbeatAll, 1, 1, TimeUnit.SECONDS);
  }

  void register(String workerId) throws IOException, InterruptedException {
    String body = "{\"workerId\": \"" + workerId + "\", \"address\": \"10.0.0.1\", \"port\": 0}";
    HttpResponse<String> response =
        http.send(
            authorized(URI.create(base))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "register " + workerId + ": " + response.statusCode() + " " + response.body());
    }
    registered.add(workerId);
  }

  private void heartbeatAll() {
    for (String id : registered) {
      try {
        int status =
            http.send(
                    authorized(URI.create(base + "/" + id.replace("#", "%23") + "/heartbeat"))
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 404) {
          registered.remove(id);
        }
      } catch (IOException e) {
        // the next round tries again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
