package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault of the chaos suite's proxy does what it says, seen from both sides of it. */
class FaultProxyTest {
  private final AtomicInteger applied = new AtomicInteger();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpServer emulator;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    emulator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    emulator.createContext(
        "/",
        exchange -> {
          applied.incrementAndGet();
          byte[] answer = "{\"jobId\":\"j\"}".getBytes();
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    emulator.start();
    proxy =
        new FaultProxy(
            URI.create("http://127.0.0.1:" + emulator.getAddress().getPort()),
            42,
            Duration.ofMillis(300));
  }

  @AfterEach
  void stop() {
    proxy.close();
    emulator.stop(0);
  }

  private HttpResponse<String> call(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(proxy.endpoint().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutFaultsCallsPassThrough() throws Exception {
    assertThat(call("/v1/submitjob").body()).isEqualTo("{\"jobId\":\"j\"}");
    assertThat(applied).hasValue(1);
    assertThat(proxy.total()).isZero();
  }

  @Test
  void aDroppedAnswerWasAppliedAndTheClientGetsNone() throws Exception {
    proxy.only(Set.of(FaultProxy.Fault.DROP_AFTER_APPLY));
    proxy.rate(1);
    assertThatThrownBy(() -> call("/v1/submitjob")).isInstanceOf(IOException.class);
    assertThat(applied).hasValue(1);
    assertThat(proxy.injected()).containsEntry(FaultProxy.Fault.DROP_AFTER_APPLY, 1);
  }

  @Test
  void aReadIsNeverDroppedAfterApplying() throws Exception {
    proxy.only(Set.of(FaultProxy.Fault.DROP_AFTER_APPLY));
    proxy.rate(1);
    assertThat(call("/v1/describejobs").statusCode()).isEqualTo(200);
    assertThat(proxy.total()).isZero();
  }

  @Test
  void aResetAndATimeoutNeverReachTheEmulator() throws Exception {
    proxy.only(Set.of(FaultProxy.Fault.RESET, FaultProxy.Fault.TIMEOUT));
    proxy.rate(1);
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> call("/v1/submitjob")).isInstanceOf(IOException.class);
    }
    assertThat(applied).hasValue(0);
    assertThat(proxy.total()).isEqualTo(4);
  }

  @Test
  void throttlingIs429ForBatchAndA400ThrottlingExceptionForJsonApis() throws Exception {
    proxy.only(Set.of(FaultProxy.Fault.THROTTLE));
    proxy.rate(1);
    HttpResponse<String> batch = call("/v1/submitjob");
    assertThat(batch.statusCode()).isEqualTo(429);
    assertThat(batch.headers().firstValue("x-amzn-ErrorType")).hasValue("TooManyRequestsException");
    HttpResponse<String> ecs =
        client.send(
            HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RunTask")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ecs.statusCode()).isEqualTo(400);
    assertThat(ecs.body()).contains("ThrottlingException");
    assertThat(applied).hasValue(0);
  }

  @Test
  void aRunTaskRepeatedWithItsClientTokenGetsTheFirstAnswerWithoutLaunchingAgain()
      throws Exception {
    for (int i = 0; i < 2; i++) {
      client.send(
          HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
              .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RunTask")
              .POST(HttpRequest.BodyPublishers.ofString("{\"clientToken\":\"t1\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
    assertThat(applied).hasValue(1);
  }
}
