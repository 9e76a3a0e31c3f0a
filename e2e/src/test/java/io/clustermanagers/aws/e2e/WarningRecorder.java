package io.clustermanagers.aws.e2e;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the text of the {@code Warning} headers of a client's responses (RFC 7234). */
final class WarningRecorder implements Interceptor {
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @Override
  public void after(
      HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> body) {
    response.headers("Warning").forEach(w -> warnings.add(text(w)));
  }

  /** The text of {@code 299 - "unknown field \"spec.replica\""}: unknown field "spec.replica". */
  static String text(String warning) {
    int open = warning.indexOf('"');
    if (open < 0 || !warning.endsWith("\"")) {
      return warning;
    }
    return warning.substring(open + 1, warning.length() - 1).replaceAll("\\\\(.)", "$1");
  }

  /** The warnings' texts received since the last call, and forgets them. */
  List<String> drain() {
    List<String> seen = List.copyOf(warnings);
    warnings.clear();
    return seen;
  }
}
