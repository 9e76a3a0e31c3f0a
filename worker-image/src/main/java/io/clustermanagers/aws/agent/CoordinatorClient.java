package io.clustermanagers.aws.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Talks to the coordinator's worker routes (PROTOCOL.md) on behalf of one worker, and notes in
 * {@link CoordinatorContact} each time the coordinator accepted a registration or a heartbeat. A
 * 410 (the cluster is gone) is an {@link UnexpectedStatusException} that says so.
 */
final class CoordinatorClient {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
  private static final int MAX_DETAIL_LENGTH = 200;

  private final AgentConfig config;
  private final HttpClient http;
  private final ObjectMapper json;
  private final String workersUrl;
  private final CoordinatorContact contact;

  CoordinatorClient(
      AgentConfig config, HttpClient http, ObjectMapper json, CoordinatorContact contact) {
    this.config = config;
    this.http = http;
    this.json = json;
    this.contact = contact;
    this.workersUrl =
        config.coordinatorUrl()
            + "/v1/clusters/"
            + config.clusterNamespace()
            + "/"
            + config.clusterName()
            + "/workers";
  }

  /** Registers (or refreshes) this worker; returns the heartbeat interval the coordinator asks. */
  Duration register() throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workerId", config.workerId());
    body.put("address", config.workerAddress());
    body.put("port", config.workerPort());
    HttpRequest request =
        request(workersUrl, REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw unexpected("register", response);
    }
    contact.reached();
    return heartbeatInterval(response.body());
  }

  /** Refreshes this worker's entry; any answer other than 204/200 or 404 is an exception. */
  HeartbeatResult heartbeat() throws IOException, InterruptedException {
    HttpRequest request =
        request(workerUrl() + "/heartbeat", REQUEST_TIMEOUT)
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = send(request);
    return switch (response.statusCode()) {
      case 200, 204 -> {
        contact.reached();
        yield HeartbeatResult.OK;
      }
      case 404 -> HeartbeatResult.UNKNOWN_WORKER;
      default -> throw unexpected("heartbeat", response);
    };
  }

  /**
   * Removes this worker from the registry; waits at most {@code timeout} for the answer. An unknown
   * worker (404) or cluster (410) is no error: the entry is gone either way.
   */
  void deregister(Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> response = send(request(workerUrl(), timeout).DELETE().build());
    int status = response.statusCode();
    if (status != 204 && status != 200 && status != 404 && status != 410) {
      throw unexpected("deregister", response);
    }
  }

  /** The worker's URL; a multi-node node's {@code #} is sent as {@code %23} (not a fragment). */
  private String workerUrl() {
    return workersUrl + "/" + config.workerId().replace("#", "%23");
  }

  private HttpRequest.Builder request(String url, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Authorization", "Bearer " + config.token());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Duration heartbeatInterval(String body) throws IOException {
    long millis = json.readTree(body).path("heartbeatIntervalMillis").asLong(0);
    return millis > 0 ? Duration.ofMillis(millis) : DEFAULT_HEARTBEAT_INTERVAL;
  }

  private UnexpectedStatusException unexpected(String operation, HttpResponse<String> response) {
    return new UnexpectedStatusException(
        operation, response.statusCode(), errorDetail(response.body()));
  }

  private String errorDetail(String body) {
    String detail;
    try {
      JsonNode error = json.readTree(body).path("error");
      detail = error.isTextual() ? error.asText() : body;
    } catch (IOException | RuntimeException e) {
      detail = body;
    }
    detail = detail == null ? "" : detail.strip();
    return detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail;
  }
}
