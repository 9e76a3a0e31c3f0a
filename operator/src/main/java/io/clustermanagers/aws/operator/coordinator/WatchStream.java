package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one watcher's events to its connection as newline-delimited JSON in a chunked body, on the
 * connection's event loop: no thread waits for events. Queued events are written when the watcher
 * is told of them ({@link WorkerWatch#onQueued}), a {@code KEEPALIVE} line after each silence of
 * {@link WatchSettings#keepAlive}. It writes only while the connection is writable, so a reader
 * that does not read lets the watcher's bounded queue fill and be cut off. It ends gracefully after
 * writing CLOSED (the chunked body is then terminated), and abortively (the connection is closed)
 * when the watcher is cut off or when a write is not sent within {@link
 * WatchSettings#writeTimeout}. The client going away frees the watcher's slot at once.
 */
final class WatchStream extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
  private static final byte[] KEEPALIVE =
      "{\"type\":\"KEEPALIVE\"}\n".getBytes(StandardCharsets.UTF_8);

  private final WorkerWatch watch;
  private final Channel channel;
  private final ObjectMapper mapper;
  private final WatchSettings settings;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile Future<?> keepAlive;
  private volatile boolean ended;

  private WatchStream(
      WorkerWatch watch, Channel channel, ObjectMapper mapper, WatchSettings settings) {
    this.watch = watch;
    this.channel = channel;
    this.mapper = mapper;
    this.settings = settings;
  }

  /** Starts the stream on {@code ctx}'s channel; called on its event loop. */
  static void start(
      ChannelHandlerContext ctx, WorkerWatch watch, ObjectMapper mapper, WatchSettings settings) {
    WatchStream stream = new WatchStream(watch, ctx.channel(), mapper, settings);
    ctx.pipeline().addLast(stream);
    stream.begin();
  }

  private void begin() {
    channel.closeFuture().addListener(closed -> finish());
    watch.onCutOff(this::abort);
    watch.onQueued(this::scheduleDrain);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, WatchEndpoint.CONTENT_TYPE)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    guardedWrite(head);
    drain();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** Drops the connection; safe from any thread, at any time, more than once. */
  void abort() {
    channel.close();
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel
            .eventLoop()
            .execute(
                () -> {
                  drainScheduled.set(false);
                  drain();
                });
      } catch (RejectedExecutionException shutDown) {
        // The server is closing: its connections go with it; the registry's caller is unaffected.
        finish();
      }
    }
  }

  /** Writes every queued event in one chunk, unless the connection cannot take more now. */
  private void drain() {
    if (ended || !channel.isActive()) {
      return;
    }
    if (watch.isCutOff()) {
      abort();
      return;
    }
    if (!channel.isWritable()) {
      return; // channelWritabilityChanged drains again; meanwhile the watcher's queue fills
    }
    WatchEvent event = watch.poll();
    if (event == null) {
      return;
    }
    ByteBuf batch = channel.alloc().buffer();
    boolean closed = false;
    try (ByteBufOutputStream out = new ByteBufOutputStream(batch)) {
      for (; event != null && !closed; event = closed ? null : watch.poll()) {
        out.write(mapper.writeValueAsBytes(WatchLine.of(event)));
        out.write('\n');
        closed = event.type() == WatchEvent.Type.CLOSED;
      }
    } catch (IOException | RuntimeException e) {
      batch.release();
      LOG.warn("watch stream could not write its events", e);
      abort();
      return;
    }
    guardedWrite(new DefaultHttpContent(batch));
    if (closed) {
      channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      finish();
      channel.pipeline().remove(this);
    } else {
      scheduleKeepAlive();
    }
  }

  private void scheduleKeepAlive() {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    keepAlive =
        channel
            .eventLoop()
            .schedule(this::writeKeepAlive, settings.keepAlive().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void writeKeepAlive() {
    if (ended || !channel.isActive()) {
      return;
    }
    guardedWrite(new DefaultHttpContent(Unpooled.wrappedBuffer(KEEPALIVE)));
    scheduleKeepAlive();
  }

  /** Writes and flushes {@code message}; aborts if it is not sent within the write timeout. */
  private void guardedWrite(Object message) {
    ChannelFuture written = channel.writeAndFlush(message);
    if (written.isDone()) {
      abortIfFailed(written);
      return;
    }
    Future<?> guard =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  if (!written.isDone()) {
                    LOG.debug("watch stream write blocked beyond {}", settings.writeTimeout());
                    abort();
                  }
                },
                settings.writeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    written.addListener(
        done -> {
          guard.cancel(false);
          abortIfFailed(written);
        });
  }

  private void abortIfFailed(ChannelFuture written) {
    if (!written.isSuccess()) {
      LOG.debug("watch stream ended: {}", String.valueOf(written.cause()));
      abort();
    }
  }

  /** Frees the watcher's slot and stops the keep-alives; idempotent. */
  private void finish() {
    ended = true;
    Future<?> pending = keepAlive;
    if (pending != null) {
      pending.cancel(false);
    }
    watch.close();
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
