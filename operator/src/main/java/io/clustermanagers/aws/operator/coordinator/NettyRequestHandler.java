package io.clustermanagers.aws.operator.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Netty handler of the coordinator's requests: turns each aggregated request into a {@link
 * CoordinatorRequest}, runs the handler chain on the event loop (registry calls do not block), and
 * writes the answer, or starts a {@link WatchStream}. Stateless, so one instance serves every
 * connection.
 */
@ChannelHandler.Sharable
final class NettyRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(NettyRequestHandler.class);

  private final ExchangeAction chain;
  private final JsonResponder responder;
  private final RequestObserver observer;
  private final ObjectMapper mapper;
  private final WatchSettings watchSettings;

  NettyRequestHandler(
      ExchangeAction chain,
      JsonResponder responder,
      RequestObserver observer,
      ObjectMapper mapper,
      WatchSettings watchSettings) {
    this.chain = chain;
    this.responder = responder;
    this.observer = observer;
    this.mapper = mapper;
    this.watchSettings = watchSettings;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Answer.Full malformed = responder.error(400, "malformed HTTP request");
      observer.answered("other", malformed.status());
      write(ctx, malformed, false);
      return;
    }
    QueryStringDecoder target = new QueryStringDecoder(request.uri());
    String rawQuery = target.rawQuery();
    HttpHeaders headers = request.headers();
    Answer answer =
        chain.serve(
            new CoordinatorRequest(
                request.method().name(),
                target.path(),
                rawQuery.isEmpty() ? null : rawQuery,
                headers::get,
                ByteBufUtil.getBytes(request.content())));
    if (answer instanceof Answer.Watch watch) {
      WatchStream.start(ctx, watch.watch(), mapper, watchSettings);
    } else {
      write(ctx, (Answer.Full) answer, true);
    }
  }

  /** Writes {@code answer}; closes the connection after it unless {@code keepAlive}. */
  static void write(ChannelHandlerContext ctx, Answer.Full answer, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            answer.body().length == 0
                ? Unpooled.EMPTY_BUFFER
                : Unpooled.wrappedBuffer(answer.body()));
    HttpHeaders headers = response.headers();
    if (answer.contentType() != null) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
    }
    if (answer.status() != HttpResponseStatus.NO_CONTENT.code()) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
    }
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      headers.set(header.getKey(), header.getValue());
    }
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug(
        "coordinator connection from {} failed: {}",
        ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }
}
