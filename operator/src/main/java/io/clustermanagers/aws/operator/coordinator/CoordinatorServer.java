package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP front of a {@link WorkerRegistry}, speaking the worker protocol (PROTOCOL.md) over HTTP
 * or, with a {@link CoordinatorTls}, HTTPS, on Netty (NIO event loops). Requests are served on the
 * event loops themselves: the registry never blocks, and watch streams hold no thread ({@link
 * WatchStream}). Started by {@link #start}; owned and closed by the composition root.
 */
public final class CoordinatorServer implements Closeable {
  /** Request bodies above this size are answered with 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** A connection without any traffic for this long is closed (a watch writes keep-alives). */
  private static final int IDLE_SECONDS = 300;

  private static final int ACCEPT_BACKLOG = 1024;
  private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

  private final Channel listening;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup loops;
  private final WorkerRegistry registry;
  private final WorkerWatchHub hub;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CoordinatorServer(
      Channel listening,
      EventLoopGroup acceptor,
      EventLoopGroup loops,
      WorkerRegistry registry,
      WorkerWatchHub hub) {
    this.listening = listening;
    this.acceptor = acceptor;
    this.loops = loops;
    this.registry = registry;
    this.hub = hub;
  }

  /** Starts a server with its own {@link ObjectMapper}. */
  public static CoordinatorServer start(
      WorkerRegistry registry, InetSocketAddress address, int threads) throws IOException {
    return start(registry, address, threads, new ObjectMapper());
  }

  /**
   * Binds {@code address} (port 0 picks a free port) and serves on {@code threads} event loops.
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
    return start(registry, address, threads, mapper, observer, watchSettings, Optional.empty());
  }

  /**
   * As above, over HTTPS when {@code tls} is given (then plain HTTP on the port is answered 400).
   *
   * @throws IllegalArgumentException when the TLS files cannot be used
   */
  public static CoordinatorServer start(
      WorkerRegistry registry,
      InetSocketAddress address,
      int threads,
      ObjectMapper mapper,
      RequestObserver observer,
      WatchSettings watchSettings,
      Optional<CoordinatorTls> tls)
      throws IOException {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(mapper, "mapper");
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(watchSettings, "watchSettings");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    Optional<SslContext> ssl = tls.map(CoordinatorTls::serverContext);
    WorkerWatchHub hub = new WorkerWatchHub(registry, watchSettings);
    JsonResponder responder = new JsonResponder(mapper);
    NettyRequestHandler requests =
        new NettyRequestHandler(
            chain(registry, responder, observer, hub, mapper),
            responder,
            observer,
            mapper,
            watchSettings);
    EventLoopGroup acceptor =
        new NioEventLoopGroup(1, new DefaultThreadFactory("coordinator-accept", true));
    EventLoopGroup loops =
        new NioEventLoopGroup(threads, new DefaultThreadFactory("coordinator-http", true));
    registry.addListener(hub);
    ChannelFuture bound =
        new ServerBootstrap()
            .group(acceptor, loops)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(pipeline(ssl, responder, observer, requests))
            .bind(address)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      registry.removeListener(hub);
      acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      if (bound.cause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot bind " + address, bound.cause());
    }
    return new CoordinatorServer(bound.channel(), acceptor, loops, registry, hub);
  }

  private static ChannelInitializer<SocketChannel> pipeline(
      Optional<SslContext> ssl,
      JsonResponder responder,
      RequestObserver observer,
      NettyRequestHandler requests) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ssl.ifPresent(context -> pipeline.addLast(new PlainHttpRejector(context)));
        pipeline
            .addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
            .addLast(new IdleConnectionCloser())
            .addLast(new HttpServerCodec())
            .addLast(new HttpServerKeepAliveHandler())
            .addLast(new BoundedBodyAggregator(MAX_BODY_BYTES, responder, observer))
            .addLast(requests);
      }
    };
  }

  /** The handler chain: /healthz, else the API; errors as JSON; every answer observed. */
  private static ExchangeAction chain(
      WorkerRegistry registry,
      JsonResponder responder,
      RequestObserver observer,
      WorkerWatchHub hub,
      ObjectMapper mapper) {
    WorkerFieldValidator validator = new WorkerFieldValidator();
    WorkerEndpoints endpoints =
        new WorkerEndpoints(
            registry,
            new WorkerRegistrationParser(mapper, validator),
            validator,
            responder,
            new WatchEndpoint(hub));
    ApiDispatcher api =
        new ApiDispatcher(new BearerAuthenticator(registry), new ApiRouteMatcher(), endpoints);
    HealthCheck health = new HealthCheck(responder);
    ExchangeAction routed =
        request ->
            HealthCheck.PATH.equals(request.path()) ? health.serve(request) : api.serve(request);
    return new ObservingFilter(new GuardedHandler(routed, responder), observer);
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return ((InetSocketAddress) listening.localAddress()).getPort();
  }

  /** How many watchers {@code cluster} has now. */
  int watchers(ClusterKey cluster) {
    return hub.watchers(cluster);
  }

  /**
   * Ends the watch streams (they receive CLOSED if the event loops get to write it), stops
   * listening, drops open connections without waiting for their clients, and stops the threads.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    registry.removeListener(hub);
    hub.close("the coordinator is shutting down");
    listening.close().syncUninterruptibly();
    acceptor.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    loops.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    acceptor.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS * 2);
    loops.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS * 2);
  }

  /** Closes a connection the {@link IdleStateHandler} found idle. */
  private static final class IdleConnectionCloser
      extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object event)
        throws Exception {
      if (event instanceof IdleStateEvent) {
        ctx.close();
      } else {
        super.userEventTriggered(ctx, event);
      }
    }
  }
}
