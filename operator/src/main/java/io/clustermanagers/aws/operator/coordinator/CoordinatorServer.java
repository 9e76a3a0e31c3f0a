package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.clustermanagers.aws.operator.model.ClusterKey;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of a {@link WorkerRegistry}, speaking the worker protocol (PROTOCOL.md) on the
 * JDK's built-in HTTP server. Requests are served by a fixed pool; watch streams, which live as
 * long as their client, each get a thread of a separate watch executor (bounded by {@link
 * WatchSettings#maxPerCluster} per cluster), so that they never starve registrations and
 * heartbeats. Started by {@link #start}; owned and closed by the composition root.
 */
public final class CoordinatorServer implements Closeable {
  /** Request bodies above this size are answered with 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final long EXECUTOR_GRACE_MILLIS = 1_000;

  private final HttpServer server;
  private final ExecutorService executor;
  private final WatchParts watch;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CoordinatorServer(HttpServer server, ExecutorService executor, WatchParts watch) {
    this.server = server;
    this.executor = executor;
    this.watch = watch;
  }

  /** Starts a server with its own {@link ObjectMapper}. */
  public static CoordinatorServer start(
      WorkerRegistry registry, InetSocketAddress address, int threads) throws IOException {
    return start(registry, address, threads, new ObjectMapper());
  }

  /**
   * Binds {@code address} (port 0 picks a free port) and serves with {@code threads} threads.
   *
   * @throws IOException if the address cannot be bound
   */
  public static CoordinatorServer start(
      WorkerRegistry registry, InetSocketAddress address, int threads, ObjectMapper mapper)
      throws IOException {
    return start(registry, address, threads, mapper, RequestObserver.NONE);
  }

  /**
   * As {@link #start(WorkerRegistry, InetSocketAddress, int, ObjectMapper)}, reporting requests.
   */
  public static CoordinatorServer start(
      WorkerRegistry registry,
      InetSocketAddress address,
      int threads,
      ObjectMapper mapper,
      RequestObserver observer)
      throws IOException {
    return start(registry, address, threads, mapper, observer, WatchSettings.DEFAULTS);
  }

  /** As above, with these bounds on watchers. */
  public static CoordinatorServer start(
      WorkerRegistry registry,
      InetSocketAddress address,
      int threads,
      ObjectMapper mapper,
      RequestObserver observer,
      WatchSettings watchSettings)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(watchSettings, "watchSettings");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    HttpServer server = HttpServer.create(address, 0);
    WatchParts watch = WatchParts.start(registry, watchSettings);
    JsonResponder responder = new JsonResponder(mapper);
    ObservingFilter observing = new ObservingFilter(observer);
    server
        .createContext(HealthCheck.PATH, new GuardedHandler(new HealthCheck(responder), responder))
        .getFilters()
        .add(observing);
    server
        .createContext("/", new GuardedHandler(api(registry, mapper, responder, watch), responder))
        .getFilters()
        .add(observing);
    ExecutorService executor =
        Executors.newFixedThreadPool(threads, threadFactory("coordinator-http-"));
    server.setExecutor(executor);
    server.start();
    return new CoordinatorServer(server, executor, watch);
  }

  private static ApiDispatcher api(
      WorkerRegistry registry, ObjectMapper mapper, JsonResponder responder, WatchParts watch) {
    WorkerFieldValidator validator = new WorkerFieldValidator();
    WorkerEndpoints endpoints =
        new WorkerEndpoints(
            registry,
            new RequestBodyReader(MAX_BODY_BYTES),
            new WorkerRegistrationParser(mapper, validator),
            validator,
            responder,
            new WatchEndpoint(watch.hub(), watch.streams(), watch.timer(), mapper));
    return new ApiDispatcher(new BearerAuthenticator(registry), new ApiRouteMatcher(), endpoints);
  }

  static ThreadFactory threadFactory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** How many watchers {@code cluster} has now. */
  int watchers(ClusterKey cluster) {
    return watch.hub().watchers(cluster);
  }

  /**
   * Ends the watch streams, stops listening, drops open connections without waiting, and stops the
   * threads.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    watch.close();
    server.stop(0);
    watch.shutdownNow();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(EXECUTOR_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
