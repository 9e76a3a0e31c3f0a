package io.clustermanagers.aws.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards every call to the emulator unchanged, except that it can lose answers: the call reaches
 * the emulator, which applies it (the job or tasks exist), then the connection is closed before any
 * answer, as when a network path dies after the request went out. The SDK sees an I/O error, the
 * kind its standard retries send again. Operations are named as the SDK names them ({@code
 * SubmitJob}, {@code RunTask}): from the REST path for Batch, from {@code X-Amz-Target} for ECS.
 *
 * <p>Emulated, as ECS does it and moto does not: a RunTask sent again with a {@code clientToken}
 * that was answered before gets the first answer back ({@link RunTaskTokens}).
 */
final class AnswerDroppingProxy implements AutoCloseable {
  private final HttpServer server;
  private final URI target;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Map<String, AtomicInteger> toDrop = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> arrived = new ConcurrentHashMap<>();
  private final AtomicInteger dropped = new AtomicInteger();
  private final RunTaskTokens runTaskTokens = new RunTaskTokens();

  AnswerDroppingProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The answers of the next {@code calls} calls of {@code operation} are lost. */
  void dropAnswers(String operation, int calls) {
    toDrop.computeIfAbsent(operation, k -> new AtomicInteger()).set(calls);
  }

  /** Calls of {@code operation} that reached the emulator (every attempt, retries included). */
  int arrived(String operation) {
    AtomicInteger n = arrived.get(operation);
    return n == null ? 0 : n.get();
  }

  int dropped() {
    return dropped.get();
  }

  void clear() {
    toDrop.clear();
    arrived.clear();
    dropped.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String operation = operation(exchange);
      arrived.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      Optional<String> token = RunTaskTokens.of(operation, body);
      if (runTaskTokens.answerAgain(token, exchange)) {
        return;
      }
      HttpResponse<byte[]> response = HttpForwarding.forward(http, target, exchange, body);
      runTaskTokens.answer(token, response.statusCode(), response.body());
      AtomicInteger drops = toDrop.get(operation);
      if (drops != null && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        dropped.incrementAndGet();
        return; // closed without an answer: the emulator has applied the call
      }
      HttpForwarding.reply(exchange, response, response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code SubmitJob} from {@code /v1/submitjob}; {@code RunTask} from its X-Amz-Target. */
  private static String operation(HttpExchange exchange) {
    String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (amzTarget != null) {
      return amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
    }
    String path = exchange.getRequestURI().getPath();
    return switch (path) {
      case "/v1/submitjob" -> "SubmitJob";
      case "/v1/terminatejob" -> "TerminateJob";
      case "/v1/listjobs" -> "ListJobs";
      case "/v1/describejobs" -> "DescribeJobs";
      default -> path;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
