package io.clustermanagers.aws.operator.coordinator;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit; reads at most one byte past it, never the whole stream. */
final class RequestBodyReader {
  private final int limitBytes;

  RequestBodyReader(int limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("limitBytes must not be negative: " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  /**
   * @throws RequestRejectedException 413 when the body is longer than the limit
   */
  byte[] read(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(limitBytes + 1);
    if (bytes.length > limitBytes) {
      throw RequestRejectedException.payloadTooLarge(limitBytes);
    }
    return bytes;
  }
}
