package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emulated, because moto 5.2 lacks it: ECS's idempotency of RunTask by {@code clientToken} (moto
 * stores the token but launches again). A RunTask whose token got a 200 before gets that first
 * answer back, as ECS does, without reaching moto. For the proxies in front of moto.
 */
final class RunTaskTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, byte[]> answers = new ConcurrentHashMap<>();

  /** The token of a RunTask call's JSON body, if it has one. */
  static Optional<String> of(String operation, byte[] body) {
    if (!"RunTask".equals(operation)) {
      return Optional.empty();
    }
    try {
      String token = JSON.readTree(body).path("clientToken").asText("");
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Sends the first successful answer of a call with this token again; false: none yet. */
  boolean answerAgain(Optional<String> token, HttpExchange exchange) throws IOException {
    byte[] known = token.map(answers::get).orElse(null);
    if (known == null) {
      return false;
    }
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(200, known.length);
    exchange.getResponseBody().write(known);
    return true;
  }

  /** Remembers a successful answer (only the first counts). */
  void answer(Optional<String> token, int status, byte[] body) {
    if (token.isPresent() && status == 200) {
      answers.putIfAbsent(token.get(), body);
    }
  }
}
