package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistrationRetryTest {

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private FakeCoordinator coordinator;
  private RegistrationRetry retry;

  @BeforeEach
  void start() throws IOException {
    coordinator = FakeCoordinator.start();
    AgentConfig config =
        new AgentConfig(
            coordinator.url(),
            "ns",
            "c",
            "tok",
            "w-1",
            "10.0.0.1",
            0,
            Duration.ofSeconds(1),
            Duration.ofMinutes(15),
            java.util.Map.of());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CoordinatorClient client =
        new CoordinatorClient(
            config, http, new ObjectMapper(), new CoordinatorContact(Clock.systemUTC()));
    AgentLog log = new AgentLog(new PrintStream(logged, true, StandardCharsets.UTF_8), "w-1");
    retry =
        new RegistrationRetry(client, scheduler, log, Duration.ofMillis(10), Duration.ofMillis(50));
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    coordinator.close();
  }

  @Test
  void retriesUnauthorizedUntilTheCoordinatorKnowsTheCluster() throws Exception {
    coordinator.answerNextRegistrationsWith(401, 401);

    retry.start().get(20, TimeUnit.SECONDS);

    assertThat(coordinator.requests("POST"))
        .extracting(FakeCoordinator.Recorded::status)
        .containsExactly(401, 401, 200);
  }

  @Test
  void retriesServerErrorsUntilRegistered() throws Exception {
    coordinator.answerNextRegistrationsWith(503, 500, 429);

    Duration interval = retry.start().get(20, TimeUnit.SECONDS);

    assertThat(interval).isEqualTo(Duration.ofMillis(FakeCoordinator.HEARTBEAT_INTERVAL_MILLIS));
    assertThat(coordinator.requests("POST"))
        .extracting(FakeCoordinator.Recorded::status)
        .containsExactly(503, 500, 429, 200);
    assertThat(logged.toString(StandardCharsets.UTF_8)).contains("cannot register yet", "503");
  }

  @Test
  void givesUpAtOnceOnForbidden() {
    coordinator.answerRegistrationsWith(403);

    assertThatThrownBy(() -> retry.start().get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnexpectedStatusException.class);
    assertThat(coordinator.requests("POST")).hasSize(1);
  }

  @Test
  void givesUpAtOnceOnBadRequest() {
    coordinator.answerRegistrationsWith(400);

    assertThatThrownBy(() -> retry.start().get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(UnexpectedStatusException.class);
    assertThat(coordinator.requests("POST")).hasSize(1);
  }
}
