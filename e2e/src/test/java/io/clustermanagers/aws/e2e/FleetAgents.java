package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the agents of many Batch jobs would do (moto runs no containers), for many clusters with one
 * HTTP client and a few threads: each worker a {@link ClusterCallLog} saw launched registers with
 * the coordinator (its cluster's token), then heartbeats at the interval the coordinator answered,
 * the fleet's heartbeats spread evenly over that interval. A worker the coordinator has forgotten
 * (404: stopped and removed) is dropped, as its agent would be gone. The bench's own CPU, not the
 * operator's: it runs in the bench JVM.
 */
final class FleetAgents implements AutoCloseable {
  /** A cluster as the agents reach it. */
  record Cluster(String namespace, String name, String token) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TICK = Duration.ofMillis(100);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String coordinatorUrl;
  private final ClusterCallLog launches;
  private final Function<String, Optional<Cluster>> clusterOfUid;
  private final Map<String, Cluster> registered = new ConcurrentHashMap<>();
  private final Map<ClusterCallLog.Launched, Integer> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
  private final ExecutorService registrations = Executors.newFixedThreadPool(4);
  private final Semaphore inFlight = new Semaphore(64);
  private final AtomicLong heartbeats = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile long intervalMillis = 10_000;
  private long tick;

  /**
   * @param clusterOfUid a cluster by its UID without dashes, once its token can be read
   */
  FleetAgents(
      String coordinatorUrl,
      ClusterCallLog launches,
      Function<String, Optional<Cluster>> clusterOfUid) {
    this.coordinatorUrl = coordinatorUrl;
    this.launches = launches;
    this.clusterOfUid = clusterOfUid;
    ticks.scheduleWithFixedDelay(this::registerLaunched, 0, 500, TimeUnit.MILLISECONDS);
    ticks.scheduleAtFixedRate(this::heartbeatSlice, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  int registered() {
    return registered.size();
  }

  long heartbeats() {
    return heartbeats.get();
  }

  long failures() {
    return failures.get();
  }

  private void registerLaunched() {
    launches.takeLaunched().forEach(l -> waiting.put(l, 0));
    for (ClusterCallLog.Launched worker : waiting.keySet()) {
      Optional<Cluster> cluster = clusterOfUid.apply(worker.uid());
      if (cluster.isPresent()) {
        waiting.remove(worker);
        registrations.execute(() -> register(worker, cluster.get()));
      }
    }
  }

  private void register(ClusterCallLog.Launched worker, Cluster cluster) {
    String body =
        "{\"workerId\": \"" + worker.workerId() + "\", \"address\": \"10.0.0.1\", \"port\": 0}";
    try {
      HttpResponse<String> answer =
          http.send(
              request(cluster, "")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        intervalMillis =
            JSON.readTree(answer.body()).path("heartbeatIntervalMillis").asLong(10_000);
        registered.put(worker.workerId(), cluster);
        return;
      }
    } catch (IOException e) {
      // tried again below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    failures.incrementAndGet();
    waiting.put(worker, 0);
  }

  /** The workers whose hash falls in this tick's slice of the heartbeat interval. */
  private void heartbeatSlice() {
    long slices = Math.max(1, intervalMillis / TICK.toMillis());
    long slice = tick++ % slices;
    registered.forEach(
        (id, cluster) -> {
          if (Math.floorMod(id.hashCode(), slices) == slice) {
            heartbeat(id, cluster);
          }
        });
  }

  private void heartbeat(String id, Cluster cluster) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    http.sendAsync(
            request(cluster, "/" + id.replace("#", "%23") + "/heartbeat")
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (answer, error) -> {
              inFlight.release();
              heartbeats.incrementAndGet();
              if (error != null) {
                failures.incrementAndGet();
              } else if (answer.statusCode() == 404) {
                registered.remove(id);
              }
            });
  }

  private HttpRequest.Builder request(Cluster cluster, String suffix) {
    String url =
        coordinatorUrl
            + "/v1/clusters/"
            + cluster.namespace()
            + "/"
            + cluster.name()
            + "/workers"
            + suffix;
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + cluster.token());
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    registrations.shutdownNow();
  }
}
