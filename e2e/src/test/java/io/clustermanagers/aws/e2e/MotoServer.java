package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A moto server (the AWS API emulator) on a free loopback port, for the AWS backends' tests. Batch
 * runs without Docker (jobs finish at once); everything stops on {@link #close()}.
 */
final class MotoServer implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private final Process process;
  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Stops moto when the test JVM is ended (SIGTERM, an aborted build) before close() ran. */
  private final Thread shutdownHook;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
    this.shutdownHook = new Thread(process::destroyForcibly, "moto-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts moto, or explains what is missing (the README's test command installs it). */
  static MotoServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto", ".log");
    Process process =
        new ProcessBuilder(
                "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    MotoServer moto = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
    try {
      moto.awaitUp(log);
      moto.post("/moto-api/config", "{\"batch\": {\"use_docker\": false}}");
      return moto;
    } catch (IOException | RuntimeException e) {
      moto.close();
      throw e;
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /** AWS settings for the operator's clients against this moto, with the given interceptors. */
  AwsSettings settings(ExecutionInterceptor... interceptors) {
    return settings(endpoint, interceptors);
  }

  /**
   * AWS settings against moto's region and credentials at {@code endpoint} (moto itself, or a proxy
   * in front of it).
   */
  static AwsSettings settings(URI endpoint, ExecutionInterceptor... interceptors) {
    return new AwsSettings(
        Optional.of(endpoint),
        Optional.of(REGION),
        Optional.of(CREDENTIALS),
        List.of(interceptors));
  }

  /** Forgets every resource. */
  void reset() throws IOException, InterruptedException {
    post("/moto-api/reset", "");
  }

  String post(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(
          "moto " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private void awaitUp(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "moto did not start (install it with `python3 -m pip install -r e2e/requirements.txt`"
                + " or run the README's test command): "
                + Files.readString(log));
      }
      if (answers()) {
        return;
      }
      Thread.sleep(200);
    }
    close();
    throw new IOException("moto did not answer within 60s: " + Files.readString(log));
  }

  private boolean answers() throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps ECS tasks in their state (moto otherwise advances them one step per DescribeTasks). */
  void keepEcsTasksRunning() throws IOException, InterruptedException {
    post(
        "/moto-api/state-manager/set-transition",
        "{\"model_name\":\"ecs::task\",\"transition\":{\"progression\":\"manual\","
            + "\"times\":1000000}}");
  }

  /** Calls the EC2 query API (the e2e module has no EC2 SDK) and returns the XML answer. */
  String ec2(String action) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=testing/20250101/"
                        + REGION
                        + "/ec2/aws4_request, SignedHeaders=host, Signature=0")
                .POST(
                    HttpRequest.BodyPublishers.ofString("Action=" + action + "&Version=2016-11-15"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException("moto EC2 " + action + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** The ids in {@code <tag>...</tag>} elements of an EC2 answer, in order. */
  static java.util.List<String> values(String xml, String tag) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
    java.util.List<String> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  Optional<String> region() {
    return Optional.of(REGION);
  }
}
