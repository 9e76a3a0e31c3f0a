package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * <b>An emulator for benchmarks</b>, not a model of AWS: the AWS Batch and Secrets Manager calls
 * the operator's Batch backend makes, answered from memory on 127.0.0.1 (the JDK's HTTP server, a
 * thread per call in flight) in microseconds, so that a benchmark of the operator at 1,000 clusters
 * measures the operator and not moto (a single Python process that needed 1.8 s a call there). One
 * endpoint serves both services, as {@code AWS_ENDPOINT_URL} sends both to one place: Batch's REST
 * paths ({@code /v1/submitjob}, ...; see {@link FastBatchJobs} for the jobs' behaviour) and Secrets
 * Manager's JSON targets ({@code secretsmanager.CreateSecret}, ...; see {@link FastSecrets}). Every
 * call is heard by a {@link BatchStateProxy.CallListener} as the moto proxy's are (arrival time,
 * then the answer of a 200), so the same bench code counts and times them.
 *
 * <p>What it leaves out: no authentication or signature check, no throttling or quotas (SubmitJob's
 * 50/s is the operator's own limiter), no scheduling (jobs stay in the status they were submitted
 * in until they are terminated, as the e2e proxy holds moto's), no containers, no multi-node or EKS
 * jobs, no job tags, no ListJobs filters but one {@code JOB_NAME}, no retries or timeouts of its
 * own, one job queue ({@link FastBatchJobs#QUEUE}) with one Fargate compute environment, one preset
 * job definition besides registered ones. A call it does not emulate is answered 400, never with an
 * empty success. Tests of behaviour belong on moto (or real AWS); this is for load.
 */
final class FastBatchEmulator implements AutoCloseable {
  static final String REGION = "us-east-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRETS = "secretsmanager.";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final FastBatchJobs batch;
  private final FastSecrets secrets = new FastSecrets();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final LongAdder answerNanos = new LongAdder();
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private volatile BatchStateProxy.CallListener listener = BatchStateProxy.CallListener.NONE;

  private FastBatchEmulator(int maxVcpus) throws IOException {
    batch = new FastBatchJobs(maxVcpus);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Started on a free port of 127.0.0.1, with a compute environment of {@code maxVcpus}. */
  static FastBatchEmulator start(int maxVcpus) throws IOException {
    return new FastBatchEmulator(maxVcpus);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String jobQueue() {
    return FastBatchJobs.queueArn();
  }

  String jobDefinition() {
    return FastBatchJobs.definitionArn();
  }

  /** The one listener of the calls from now on. */
  void listen(BatchStateProxy.CallListener listener) {
    this.listener = listener;
  }

  /** Jobs submitted from now on stay in {@code status} (with {@code reason}) until ended. */
  void holdNewJobsIn(String status, String reason) {
    batch.holdNewJobsIn(status, reason);
  }

  /** Calls answered so far (any status), by operation ("SubmitJob", "CreateSecret"). */
  Map<String, Long> calls() {
    Map<String, Long> copy = new TreeMap<>();
    calls.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  long count(String operation) {
    LongAdder adder = calls.get(operation);
    return adder == null ? 0 : adder.sum();
  }

  /** Time from a call's arrival to its answer being written, summed over every call so far. */
  long answerNanos() {
    return answerNanos.sum();
  }

  /**
   * How many client ports calls came from so far: the connections the clients opened, at least (a
   * port the kernel hands out again counts once).
   */
  int connections() {
    return clientPorts.size();
  }

  /** Jobs and array children not ended. */
  long unfinishedJobs() {
    return batch.unfinished();
  }

  int secrets() {
    return secrets.count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long arrived = System.nanoTime();
      clientPorts.add(exchange.getRemoteAddress().getPort());
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = path.startsWith("/v1/") || target == null ? path : target;
      BatchStateProxy.CallListener heard = listener;
      heard.arrived(arrived, operation, body);
      JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      int status = 200;
      JsonNode answer;
      String errorType = null;
      try {
        if (path.startsWith("/v1/")) {
          answer = batch.answer(path.substring(4), request);
        } else if (target != null && target.startsWith(SECRETS)) {
          answer = secrets.answer(target.substring(SECRETS.length()), request);
        } else {
          throw new FastBatchJobs.Refused("not emulated: " + operation);
        }
      } catch (FastBatchJobs.Refused e) {
        status = 400;
        errorType = "ClientException";
        answer = error(errorType, e.getMessage());
      } catch (FastSecrets.Failure e) {
        status = 400;
        errorType = e.type;
        answer = error(errorType, e.getMessage());
      }
      byte[] bytes = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (errorType != null) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
      answerNanos.add(System.nanoTime() - arrived);
      calls.computeIfAbsent(name(operation), k -> new LongAdder()).increment();
      if (status == 200) {
        heard.answered(arrived, operation, body, bytes);
      }
    }
  }

  private static ObjectNode error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message);
  }

  /** "/v1/submitjob" → "SubmitJob"-like names: Batch's operation as the SDK calls it. */
  private static String name(String operation) {
    if (operation.startsWith(SECRETS)) {
      return operation.substring(SECRETS.length());
    }
    return switch (operation) {
      case "/v1/submitjob" -> "SubmitJob";
      case "/v1/listjobs" -> "ListJobs";
      case "/v1/describejobs" -> "DescribeJobs";
      case "/v1/terminatejob" -> "TerminateJob";
      case "/v1/canceljob" -> "CancelJob";
      case "/v1/describejobqueues" -> "DescribeJobQueues";
      case "/v1/describecomputeenvironments" -> "DescribeComputeEnvironments";
      case "/v1/describejobdefinitions" -> "DescribeJobDefinitions";
      case "/v1/registerjobdefinition" -> "RegisterJobDefinition";
      default -> operation;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
