package io.clustermanagers.aws.operator.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;

class StopPhaseTimeoutsTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private HttpServer hanging;

  @AfterEach
  void stop() {
    release.countDown();
    if (hanging != null) {
      hanging.stop(0);
    }
    executor.shutdownNow();
  }

  private static Context.ModifyRequest context(DeleteSecretRequest request) {
    return new Context.ModifyRequest() {
      @Override
      public software.amazon.awssdk.core.SdkRequest request() {
        return request;
      }
    };
  }

  private static DeleteSecretRequest modified(StopPhaseTimeouts timeouts, DeleteSecretRequest in) {
    return (DeleteSecretRequest) timeouts.modifyRequest(context(in), new ExecutionAttributes());
  }

  @Test
  void beforeTheStopPhaseRequestsAreLeftAsTheyAre() {
    DeleteSecretRequest request = DeleteSecretRequest.builder().secretId("s").build();

    assertThat(modified(new StopPhaseTimeouts(Clock.fixed(NOW, ZoneOffset.UTC)), request))
        .isSameAs(request);
  }

  @Test
  void inTheStopPhaseEachCallAndAttemptIsShortAndFitsTheDeadline() {
    StopPhaseTimeouts timeouts = new StopPhaseTimeouts(Clock.fixed(NOW, ZoneOffset.UTC));
    DeleteSecretRequest request = DeleteSecretRequest.builder().secretId("s").build();

    timeouts.begin(NOW.plusSeconds(40));
    var far = modified(timeouts, request).overrideConfiguration().orElseThrow();
    timeouts.begin(NOW.plusSeconds(5));
    var near = modified(timeouts, request).overrideConfiguration().orElseThrow();
    timeouts.begin(NOW.minusSeconds(1));
    var past = modified(timeouts, request).overrideConfiguration().orElseThrow();

    assertThat(far.apiCallTimeout()).contains(StopPhaseTimeouts.CALL);
    assertThat(far.apiCallAttemptTimeout()).contains(StopPhaseTimeouts.ATTEMPT);
    assertThat(near.apiCallTimeout()).contains(Duration.ofSeconds(5));
    assertThat(near.apiCallAttemptTimeout()).contains(StopPhaseTimeouts.ATTEMPT);
    assertThat(past.apiCallTimeout()).contains(StopPhaseTimeouts.FLOOR);
    assertThat(past.apiCallAttemptTimeout()).contains(StopPhaseTimeouts.FLOOR);
  }

  @Test
  void aShorterTimeoutTheCallerSetIsKept() {
    StopPhaseTimeouts timeouts = new StopPhaseTimeouts(Clock.fixed(NOW, ZoneOffset.UTC));
    timeouts.begin(NOW.plusSeconds(40));
    DeleteSecretRequest request =
        DeleteSecretRequest.builder()
            .secretId("s")
            .overrideConfiguration(b -> b.apiCallAttemptTimeout(Duration.ofSeconds(1)))
            .build();

    var override = modified(timeouts, request).overrideConfiguration().orElseThrow();

    assertThat(override.apiCallAttemptTimeout()).contains(Duration.ofSeconds(1));
    assertThat(override.apiCallTimeout()).contains(StopPhaseTimeouts.CALL);
  }

  /**
   * Plugged in as a client's interceptor, the SDK honours it: a DeleteSecret that hangs (an
   * endpoint that never answers, under a client whose read timeout is a minute) ends as an
   * ApiCallTimeoutException, not a socket timeout.
   */
  @Test
  void aHangingCallOfAClientWithTheInterceptorEndsInTheStopPhasesCallTimeout() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    hanging = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hanging.createContext(
        "/",
        exchange -> {
          attempts.incrementAndGet();
          try {
            release.await(2, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    hanging.setExecutor(executor);
    hanging.start();
    StopPhaseTimeouts timeouts = new StopPhaseTimeouts(Clock.systemUTC());
    try (UrlConnectionHttpClient http =
            (UrlConnectionHttpClient)
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(1)).build();
        SecretsManagerClient secrets =
            SecretsManagerClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + hanging.getAddress().getPort()))
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(timeouts))
                .build()) {
      timeouts.begin(Instant.now().plusSeconds(3));

      assertThatThrownBy(() -> secrets.deleteSecret(b -> b.secretId("left-behind")))
          .isInstanceOf(ApiCallTimeoutException.class);
      assertThat(attempts.get()).isPositive();
    }
  }
}
