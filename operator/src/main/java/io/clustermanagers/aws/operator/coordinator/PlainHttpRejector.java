package io.clustermanagers.aws.operator.coordinator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First on a TLS port: looks at the first bytes of a connection; a TLS handshake gets the TLS
 * handler, anything else (plain HTTP sent to the HTTPS port) a 400 with the coordinator's JSON
 * error that says so, then the connection is closed, instead of a reset the client cannot explain.
 */
final class PlainHttpRejector extends ByteToMessageDecoder {
  private static final int TLS_RECORD_HEADER = 5;
  static final String MESSAGE =
      "{\"error\":\"this coordinator speaks HTTPS only: use an https:// URL\"}";
  private static final byte[] ANSWER =
      ("HTTP/1.1 400 Bad Request\r\n"
              + "Content-Type: application/json\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + MESSAGE.length()
              + "\r\n\r\n"
              + MESSAGE)
          .getBytes(StandardCharsets.US_ASCII);

  private final SslContext tls;

  PlainHttpRejector(SslContext tls) {
    this.tls = tls;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < TLS_RECORD_HEADER) {
      return;
    }
    if (SslHandler.isEncrypted(in)) {
      ctx.pipeline().replace(this, "tls", tls.newHandler(ctx.alloc()));
    } else {
      in.skipBytes(in.readableBytes());
      ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
