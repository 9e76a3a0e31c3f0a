package io.clustermanagers.aws.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grants leases 1..{@code leases} on etcd's HTTP gateway ({@code POST /v3/lease/grant} with a
 * client-chosen ID, {@code concurrency} requests in flight), so that the wrk script can keep them
 * alive by ID. Exits non-zero unless every grant succeeded (an ID that already exists counts as
 * granted, so a second run is harmless).
 */
public final class EtcdLeaseGrants {
  private EtcdLeaseGrants() {}

  public static void main(String[] args) throws InterruptedException {
    BenchArgs options =
        new BenchArgs(
            args,
            Map.of(
                "endpoint", "http://127.0.0.1:2379",
                "leases", "100000",
                "ttl-seconds", "3600",
                "concurrency", "256"));
    int leases = options.number("leases");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI grant = URI.create(options.text("endpoint") + "/v3/lease/grant");
    Semaphore inFlight = new Semaphore(options.number("concurrency"));
    AtomicInteger granted = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    for (int id = 1; id <= leases; id++) {
      inFlight.acquire();
      String body = "{\"ID\":" + id + ",\"TTL\":" + options.text("ttl-seconds") + "}";
      HttpRequest request =
          HttpRequest.newBuilder(grant).POST(HttpRequest.BodyPublishers.ofString(body)).build();
      CompletableFuture<HttpResponse<String>> answer =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      answer.whenComplete(
          (response, error) -> {
            if (error == null && isGranted(response)) {
              granted.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(options.number("concurrency"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "etcd: %d leases granted, %d failed, in %d ms%n", granted.get(), failed.get(), millis);
    System.exit(failed.get() == 0 ? 0 : 1);
  }

  private static boolean isGranted(HttpResponse<String> response) {
    String body = response.body();
    return (response.statusCode() == 200 && body.contains("\"ID\""))
        || body.contains("lease already exists");
  }
}
