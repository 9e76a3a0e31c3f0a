package io.clustermanagers.aws.operator.coordinator;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Aggregates each request with its body, up to a limit; a longer body (by its Content-Length, or
 * while it is received, chunked) is answered with the coordinator's JSON 413. On a keep-alive
 * connection the rest of the body is then read and dropped (as Netty's aggregator does), so that
 * the client, still sending, gets the answer: closing at once with its bytes unread would reset the
 * connection and lose the 413. Otherwise the connection is closed after the answer.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {
  private final int limitBytes;
  private final JsonResponder responder;
  private final RequestObserver observer;

  BoundedBodyAggregator(int limitBytes, JsonResponder responder, RequestObserver observer) {
    super(limitBytes);
    this.limitBytes = limitBytes;
    this.responder = responder;
    this.observer = observer;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    Answer.Full tooLarge =
        responder.rejection(RequestRejectedException.payloadTooLarge(limitBytes));
    if (oversized instanceof HttpRequest request) {
      String path = new QueryStringDecoder(request.uri()).path();
      observer.answered(ObservingFilter.route(request.method().name(), path), tooLarge.status());
    }
    boolean readTheRest =
        !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
    NettyRequestHandler.write(ctx, tooLarge, readTheRest);
  }
}
