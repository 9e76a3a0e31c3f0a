package io.clustermanagers.aws.operator.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * The retries of worker-creating calls, against a stub Batch on a random loopback port that loses
 * every answer (closes the connection after reading the call) or throttles.
 */
class CreatingCallsTest {
  private HttpServer server;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private volatile int throttleFirst;
  private AwsClientFactory clients;
  private BatchClient batch;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    clients =
        new AwsClientFactory(
            new AwsSettings(
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                Optional.of("us-east-1"),
                Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))),
                List.of()));
    batch = clients.batch(Optional.empty());
  }

  @AfterEach
  void stop() {
    clients.close();
    server.stop(0);
  }

  @Test
  void aLostAnswerOfSubmitJobIsNotRetriedWhileOtherCallsAre() {
    assertThatThrownBy(() -> batch.submitJob(submit().build())).isInstanceOf(SdkException.class);
    assertThatThrownBy(() -> batch.describeJobs(b -> b.jobs("j"))).isInstanceOf(SdkException.class);

    assertThat(attempts.get("/v1/submitjob")).as("the job may exist: once only").hasValue(1);
    assertThat(attempts.get("/v1/describejobs"))
        .as("the client's standard retries, for calls that create nothing")
        .hasValue(CreatingCalls.MAX_ATTEMPTS);
  }

  @Test
  void aThrottledSubmitJobIsRetriedSinceBatchDidNothing() {
    throttleFirst = 1;
    String id = batch.submitJob(submit().build()).jobId();
    assertThat(id).isEqualTo("job-1");
    assertThat(attempts.get("/v1/submitjob")).hasValue(2);
  }

  @Test
  void onlyAThrottledRefusedOrUnconnectedCallCertainlyCreatedNothing() {
    assertThat(CreatingCalls.createdNothing(service(400, "ThrottlingException"))).isTrue();
    assertThat(CreatingCalls.createdNothing(service(429, "TooManyRequestsException"))).isTrue();
    assertThat(CreatingCalls.createdNothing(service(400, "InvalidParameterException"))).isTrue();
    assertThat(CreatingCalls.createdNothing(service(403, "AccessDeniedException"))).isTrue();
    assertThat(
            CreatingCalls.createdNothing(
                AwsFailures.classify("RunTask", service(400, "ClientException"))))
        .as("through the backend's exception")
        .isTrue();
    assertThat(
            CreatingCalls.createdNothing(
                SdkClientException.create("x", new java.net.ConnectException("refused"))))
        .isTrue();

    assertThat(CreatingCalls.createdNothing(service(408, "RequestTimeout"))).isFalse();
    assertThat(CreatingCalls.createdNothing(service(500, "ServerException"))).isFalse();
    assertThat(CreatingCalls.createdNothing(service(503, "ServiceUnavailable"))).isFalse();
    assertThat(
            CreatingCalls.createdNothing(
                SdkClientException.create("x", new java.net.SocketTimeoutException("read"))))
        .isFalse();
    assertThat(CreatingCalls.createdNothing(SdkClientException.create("Connection reset")))
        .isFalse();
    assertThat(
            CreatingCalls.createdNothing(
                io.clustermanagers.aws.operator.backend.BackendException.transientFailure(
                    "Timeout", "lost", null)))
        .isFalse();
  }

  private static AwsServiceException service(int status, String code) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
        .build();
  }

  @Test
  void aRefusedConnectionCountsAsNotApplied() {
    assertThat(CreatingCalls.certainlyNotApplied(new java.net.ConnectException("refused")))
        .isTrue();
    assertThat(
            CreatingCalls.certainlyNotApplied(
                software.amazon.awssdk.core.exception.SdkClientException.create(
                    "x", new java.net.SocketException("Connection reset"))))
        .isFalse();
  }

  private static SubmitJobRequest.Builder submit() {
    return SubmitJobRequest.builder()
        .jobName("acm-x-0")
        .jobQueue("q")
        .jobDefinition("d")
        .overrideConfiguration(CreatingCalls.override());
  }

  private void answer(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getPath();
    int n = attempts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    if (n <= throttleFirst) {
      byte[] body =
          "{\"__type\":\"TooManyRequestsException\",\"message\":\"slow down\"}"
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("x-amzn-ErrorType", "TooManyRequestsException");
      exchange.sendResponseHeaders(429, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
      return;
    }
    if (throttleFirst > 0) {
      byte[] body =
          "{\"jobId\":\"job-1\",\"jobName\":\"acm-x-0\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
      return;
    }
    // the call arrived, its answer is lost: the connection closes before any response
    exchange.close();
  }
}
