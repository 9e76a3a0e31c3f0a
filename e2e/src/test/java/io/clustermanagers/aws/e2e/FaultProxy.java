package io.clustermanagers.aws.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults between the operator (a separate process: the SDK interceptors {@link RunTaskFaults} and
 * {@link AwsCallCounter} cannot reach it) and the emulator, drawn from a seeded random: each call
 * fails with probability {@code rate}, as
 *
 * <ul>
 *   <li>{@link Fault#THROTTLE}: HTTP 429 {@code TooManyRequestsException} for Batch's REST API,
 *       HTTP 400 {@code ThrottlingException} for the JSON APIs (ECS, Secrets Manager);
 *   <li>{@link Fault#SERVER_ERROR}: HTTP 500 or 503;
 *   <li>{@link Fault#TIMEOUT}: no answer for longer than the SDK's socket timeout, then the
 *       connection closes (the emulator never sees the call);
 *   <li>{@link Fault#RESET}: the connection closes without an answer before the call is passed on
 *       (the client sees "failed to respond", what it sees of a reset);
 *   <li>{@link Fault#DROP_AFTER_APPLY}: the call is passed on and applied by the emulator, then the
 *       connection closes without the answer. Only mutating calls (submit, run, stop, terminate,
 *       create, delete) get it: for a read it would be a plain reset.
 * </ul>
 *
 * Emulated here because moto lacks it: RunTask's {@code clientToken} idempotency ({@link
 * RunTaskTokens}).
 */
final class FaultProxy implements AutoCloseable {
  enum Fault {
    THROTTLE,
    SERVER_ERROR,
    TIMEOUT,
    RESET,
    DROP_AFTER_APPLY
  }

  private static final Set<String> MUTATING =
      Set.of(
          "submitjob",
          "terminatejob",
          "canceljob",
          "RunTask",
          "StopTask",
          "CreateSecret",
          "PutSecretValue",
          "DeleteSecret");

  private final HttpServer server;
  private final URI target;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Random random;
  private final Duration timeoutHold;
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final RunTaskTokens runTaskTokens = new RunTaskTokens();
  private volatile double rate;

  /**
   * The kinds drawn and their weights: throttling and 5xx are what AWS gives most, a timeout costs
   * the most time.
   */
  private static final Map<Fault, Integer> WEIGHTS =
      new EnumMap<>(
          Map.of(
              Fault.THROTTLE, 3,
              Fault.SERVER_ERROR, 3,
              Fault.RESET, 2,
              Fault.TIMEOUT, 1,
              Fault.DROP_AFTER_APPLY, 3));

  private volatile Map<Fault, Integer> kinds = WEIGHTS;
  private volatile Set<String> hanging = Set.of();

  /**
   * @param target where calls go (moto, or a proxy in front of it)
   * @param seed the seed of the fault draws
   * @param timeoutHold how long a {@link Fault#TIMEOUT} holds the call (longer than the client's
   *     socket timeout)
   */
  FaultProxy(URI target, long seed, Duration timeoutHold) throws IOException {
    this.target = target;
    this.random = new Random(seed);
    this.timeoutHold = timeoutHold;
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicInteger());
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The share of calls that fail from now on (0 turns faults off). */
  void rate(double rate) {
    this.rate = rate;
  }

  /** Only these kinds from now on (same weights), e.g. to find which fault breaks a scenario. */
  void only(Set<Fault> allowed) {
    Map<Fault, Integer> kept = new EnumMap<>(Fault.class);
    WEIGHTS.forEach(
        (fault, weight) -> {
          if (allowed.contains(fault)) {
            kept.put(fault, weight);
          }
        });
    kinds = kept;
  }

  /**
   * From now on every call of these operations ({@code StopTask}, {@code DeleteSecret}, {@code
   * terminatejob}) gets a {@link Fault#TIMEOUT}, whatever the rate: an AWS that hangs on them.
   * Empty: none.
   */
  void hang(Set<String> operations) {
    hanging = Set.copyOf(operations);
  }

  /** How many faults of each kind were injected so far. */
  Map<Fault, Integer> injected() {
    Map<Fault, Integer> copy = new EnumMap<>(Fault.class);
    injected.forEach((f, n) -> copy.put(f, n.get()));
    return copy;
  }

  int total() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String operation = operation(exchange);
      Optional<String> token = RunTaskTokens.of(operation, body);
      Fault fault =
          hanging.contains(operation) ? Fault.TIMEOUT : draw(MUTATING.contains(operation));
      if (fault != null) {
        injected.get(fault).incrementAndGet();
      }
      if (fault == Fault.RESET) {
        return; // closed without an answer
      }
      if (fault == Fault.TIMEOUT) {
        Thread.sleep(timeoutHold.toMillis());
        return;
      }
      if (fault == Fault.THROTTLE || fault == Fault.SERVER_ERROR) {
        error(exchange, fault, exchange.getRequestURI().getPath().startsWith("/v1/"));
        return;
      }
      if (runTaskTokens.answerAgain(token, exchange)) {
        return;
      }
      HttpResponse<byte[]> response = HttpForwarding.forward(http, target, exchange, body);
      runTaskTokens.answer(token, response.statusCode(), response.body());
      if (fault == Fault.DROP_AFTER_APPLY) {
        return; // the emulator applied it; the answer is lost
      }
      HttpForwarding.reply(exchange, response, response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A fault for this call, or null; drop-after-apply only for a mutating call. */
  private Fault draw(boolean mutating) {
    synchronized (random) {
      if (random.nextDouble() >= rate) {
        return null;
      }
      List<Fault> candidates = new ArrayList<>();
      kinds.forEach(
          (fault, weight) -> {
            if (mutating || fault != Fault.DROP_AFTER_APPLY) {
              for (int i = 0; i < weight; i++) {
                candidates.add(fault);
              }
            }
          });
      return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
  }

  private void error(HttpExchange exchange, Fault fault, boolean restApi) throws IOException {
    int status;
    String code;
    if (fault == Fault.THROTTLE) {
      status = restApi ? 429 : 400;
      code = restApi ? "TooManyRequestsException" : "ThrottlingException";
    } else {
      boolean unavailable;
      synchronized (random) {
        unavailable = random.nextBoolean();
      }
      status = unavailable ? 503 : 500;
      code = unavailable ? "ServiceUnavailableException" : "ServerException";
    }
    byte[] answer =
        ("{\"__type\":\"" + code + "\",\"message\":\"injected by the chaos suite\"}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("x-amzn-ErrorType", code);
    exchange
        .getResponseHeaders()
        .add("Content-Type", restApi ? "application/json" : "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
  }

  /**
   * {@code RunTask} from {@code X-Amz-Target}, else the REST path's last part ({@code submitjob}).
   */
  private static String operation(HttpExchange exchange) {
    String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (amzTarget != null) {
      return amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
    }
    String path = exchange.getRequestURI().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
