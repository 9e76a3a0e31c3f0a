package io.clustermanagers.aws.operator.coordinator;

import java.util.Map;
import java.util.Objects;

/** What the handler chain answers: a whole response, or a watch stream to start. */
sealed interface Answer {
  /** The HTTP status of the answer (a watch starts with 200). */
  int status();

  /**
   * A complete response.
   *
   * @param contentType null for a response without a body (204)
   * @param headers further headers (WWW-Authenticate, Allow, Retry-After)
   */
  record Full(int status, String contentType, byte[] body, Map<String, String> headers)
      implements Answer {
    public Full {
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }
  }

  /** 200 with a chunked NDJSON body written by a {@link WatchStream} from {@code watch}. */
  record Watch(WorkerWatch watch) implements Answer {
    public Watch {
      Objects.requireNonNull(watch, "watch");
    }

    @Override
    public int status() {
      return 200;
    }
  }
}
