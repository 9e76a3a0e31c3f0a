package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one watcher's events to its exchange as newline-delimited JSON, on a thread of the watch
 * executor (never the HTTP pool's), with a {@code KEEPALIVE} line after each silence of {@link
 * WatchSettings#keepAlive}. It ends gracefully after writing CLOSED (the chunked body is then
 * terminated), and abortively when the client goes, when the watcher is cut off, or when a write
 * blocks longer than {@link WatchSettings#writeTimeout}: then the connection is dropped, so that no
 * thread waits on a reader that does not read. Aborting interrupts the writing thread, which closes
 * the blocked socket channel.
 */
final class WatchStream implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
  private static final byte[] KEEPALIVE =
      "{\"type\":\"KEEPALIVE\"}\n".getBytes(StandardCharsets.UTF_8);

  private final WorkerWatch watch;
  private final HttpExchange exchange;
  private final ObjectMapper mapper;
  private final WatchSettings settings;
  private final ScheduledExecutorService timer;
  private Thread runner;
  private boolean aborted;
  private boolean finished;

  WatchStream(
      WorkerWatch watch,
      HttpExchange exchange,
      ObjectMapper mapper,
      WatchSettings settings,
      ScheduledExecutorService timer) {
    this.watch = watch;
    this.exchange = exchange;
    this.mapper = mapper;
    this.settings = settings;
    this.timer = timer;
  }

  @Override
  public void run() {
    boolean graceful = false;
    try {
      graceful = begin() && pump(exchange.getResponseBody());
    } catch (IOException e) {
      LOG.debug("watch stream {} ended: {}", exchange.getRequestURI().getPath(), e.toString());
    } catch (InterruptedException e) {
      LOG.debug("watch stream {} cut off", exchange.getRequestURI().getPath());
    } finally {
      finish(graceful);
    }
  }

  /** Drops the connection; safe from any thread, at any time, more than once. */
  synchronized void abort() {
    aborted = true;
    if (runner != null && !finished) {
      runner.interrupt();
    }
  }

  private synchronized boolean begin() {
    runner = Thread.currentThread();
    return !aborted;
  }

  /** Writes events until CLOSED (true) or a cut-off (false). */
  private boolean pump(OutputStream body) throws IOException, InterruptedException {
    while (true) {
      WatchEvent first = watch.next(settings.keepAlive());
      if (watch.isCutOff()) {
        return false;
      }
      if (first == null) {
        guarded(() -> writeAndFlush(body, KEEPALIVE));
        continue;
      }
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      boolean closed = false;
      for (WatchEvent event = first; event != null && !closed; event = watch.poll()) {
        batch.write(mapper.writeValueAsBytes(WatchLine.of(event)));
        batch.write('\n');
        closed = event.type() == WatchEvent.Type.CLOSED;
      }
      byte[] bytes = batch.toByteArray();
      guarded(() -> writeAndFlush(body, bytes));
      if (closed) {
        return true;
      }
    }
  }

  private void finish(boolean graceful) {
    watch.close();
    if (!graceful) {
      // With the flag set, the next I/O on the channel closes it instead of blocking to send the
      // body's final chunk to a reader that may never take it.
      Thread.currentThread().interrupt();
    }
    try {
      guarded(exchange::close);
    } catch (IOException e) {
      LOG.debug("closing watch stream {}: {}", exchange.getRequestURI().getPath(), e.toString());
    }
    synchronized (this) {
      finished = true;
    }
    Thread.interrupted();
  }

  /** Runs {@code write}, aborting the stream if it takes longer than the write timeout. */
  private void guarded(IoAction write) throws IOException {
    ScheduledFuture<?> guard;
    try {
      guard =
          timer.schedule(this::abort, settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      abort();
      throw new IOException("the coordinator is shutting down", shuttingDown);
    }
    try {
      write.run();
    } finally {
      guard.cancel(false);
    }
  }

  private static void writeAndFlush(OutputStream body, byte[] bytes) throws IOException {
    body.write(bytes);
    body.flush();
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** One NDJSON line: {@code {"type": ..., "worker": {...}, "message": ...}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WatchLine(String type, WorkerEndpoints.WorkerView worker, String message) {
    static WatchLine of(WatchEvent event) {
      return new WatchLine(
          event.type().name(),
          event.worker() == null ? null : WorkerEndpoints.WorkerView.of(event.worker()),
          event.message());
    }
  }
}
