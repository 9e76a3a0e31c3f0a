package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A driver watching a cluster: the request, then the stream's lines read on a thread of its own, so
 * that a test waits for the next line with a generous guard instead of blocking for ever.
 */
final class WatchReader implements AutoCloseable {
  /** Put in the queue when the body ended cleanly (the chunked body was terminated). */
  static final String END = "<end of stream>";

  /** Put in the queue, followed by the exception, when reading the body failed. */
  static final String BROKEN = "<stream broken>";

  private static final long GUARD_SECONDS = 20;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .proxy(HttpClient.Builder.NO_PROXY)
          .build();

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpResponse<InputStream> response;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final String errorBody;

  /** Reads a 200's stream on a thread of its own, any other answer's body at once. */
  private WatchReader(HttpResponse<InputStream> response) throws IOException {
    this.response = response;
    this.thread = new Thread(this::read, "watch-reader");
    thread.setDaemon(true);
    if (response.statusCode() == 200) {
      errorBody = "";
      thread.start();
    } else {
      try (InputStream body = response.body()) {
        errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** Opens {@code GET .../workers?query}; a null token sends no Authorization header. */
  static WatchReader open(int port, String namespace, String name, String token, String query)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + CoordinatorClient.workersPath(namespace, name)
                        + "?"
                        + query))
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return new WatchReader(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  static WatchReader open(int port, String namespace, String name, String token)
      throws IOException, InterruptedException {
    return open(port, namespace, name, token, "watch=true");
  }

  HttpResponse<InputStream> response() {
    return response;
  }

  /** The body of an answer other than 200 (the JSON error). */
  String errorBody() {
    return errorBody;
  }

  /** The next line that is not a keep-alive, as JSON. */
  JsonNode next() throws IOException, InterruptedException {
    while (true) {
      JsonNode line = nextLine();
      if (!line.path("type").asText().equals("KEEPALIVE")) {
        return line;
      }
    }
  }

  /** The next line, keep-alives included, as JSON. */
  JsonNode nextLine() throws IOException, InterruptedException {
    String line = take();
    if (line.equals(END) || line.equals(BROKEN)) {
      fail("the stream ended (" + line + ") where a line was expected");
    }
    return mapper.readTree(line);
  }

  /**
   * Skips lines until the stream ends; {@link #END} for a clean end, {@link #BROKEN} when the
   * connection was dropped.
   */
  String awaitEnd() throws InterruptedException {
    while (true) {
      String line = take();
      if (line.equals(END) || line.equals(BROKEN)) {
        return line;
      }
    }
  }

  private String take() throws InterruptedException {
    String line = lines.poll(GUARD_SECONDS, TimeUnit.SECONDS);
    if (line == null) {
      fail("no line from the watch within " + GUARD_SECONDS + "s");
    }
    return line;
  }

  private void read() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
      lines.add(END);
    } catch (IOException | UncheckedIOException e) {
      lines.add(BROKEN);
    }
  }

  /** Drops the connection, as a driver that goes away. */
  @Override
  public void close() throws IOException {
    response.body().close();
    thread.interrupt();
  }
}
