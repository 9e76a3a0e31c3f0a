package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestBodyReaderTest {
  private final RequestBodyReader reader = new RequestBodyReader(16);

  /** A body far over the limit that counts what was read from it. */
  private static final class LongBody extends InputStream {
    private static final long LENGTH = 1_000_000;
    private long read;

    @Override
    public int read() {
      if (read == LENGTH) {
        return -1;
      }
      read++;
      return 'x';
    }

    long bytesRead() {
      return read;
    }
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() throws Exception {
    byte[] body = "0123456789abcdef".getBytes();

    assertThat(reader.read(new ByteArrayInputStream(body))).isEqualTo(body);
  }

  @Test
  void anEmptyBodyIsEmpty() throws Exception {
    assertThat(reader.read(new ByteArrayInputStream(new byte[0]))).isEmpty();
  }

  @Test
  void aLongerBodyIsRejectedAfterReadingOneByteTooMany() {
    LongBody body = new LongBody();

    assertThatThrownBy(() -> reader.read(body))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(413));
    assertThat(body.bytesRead()).isEqualTo(17);
  }
}
