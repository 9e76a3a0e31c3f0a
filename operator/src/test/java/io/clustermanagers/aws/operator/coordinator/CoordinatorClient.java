package io.clustermanagers.aws.operator.coordinator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/** A plain HTTP client for the coordinator's routes, as a worker or a driver would call them. */
final class CoordinatorClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .proxy(HttpClient.Builder.NO_PROXY)
          .build();
  private final URI base;

  CoordinatorClient(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  static String workersPath(String namespace, String name) {
    return "/v1/clusters/" + namespace + "/" + name + "/workers";
  }

  HttpResponse<String> register(String namespace, String name, String token, String json)
      throws IOException, InterruptedException {
    return send("POST", workersPath(namespace, name), token, json);
  }

  HttpResponse<String> heartbeat(String namespace, String name, String token, String workerId)
      throws IOException, InterruptedException {
    return send("PUT", workersPath(namespace, name) + "/" + workerId + "/heartbeat", token, null);
  }

  HttpResponse<String> deregister(String namespace, String name, String token, String workerId)
      throws IOException, InterruptedException {
    return send("DELETE", workersPath(namespace, name) + "/" + workerId, token, null);
  }

  HttpResponse<String> list(String namespace, String name, String token)
      throws IOException, InterruptedException {
    return send("GET", workersPath(namespace, name), token, null);
  }

  /** Sends any request; a null token sends no Authorization header, a null body an empty one. */
  HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return sendAuthorized(method, path, token == null ? null : "Bearer " + token, body);
  }

  /** Registers with a chunked body (no Content-Length: the server learns its size as it reads). */
  HttpResponse<String> registerChunked(String namespace, String name, String token, String json)
      throws IOException, InterruptedException {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(workersPath(namespace, name)))
            .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .build();
    return http.send(request, BodyHandlers.ofString());
  }

  /** Sends any request with this Authorization header (none when null). */
  HttpResponse<String> sendAuthorized(String method, String path, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }
}
