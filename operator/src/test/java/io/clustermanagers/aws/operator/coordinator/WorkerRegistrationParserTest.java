package io.clustermanagers.aws.operator.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerRegistrationParserTest {
  private final WorkerRegistrationParser parser =
      new WorkerRegistrationParser(new ObjectMapper(), new WorkerFieldValidator());

  private WorkerRegistration parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheThreeFieldsAndIgnoresUnknownOnes() {
    WorkerRegistration registration =
        parse(
            "{\"workerId\": \"3f2a-b:12\", \"address\": \"fe80::1%eth0\", \"port\": 65535,"
                + " \"extra\": true}");

    assertThat(registration).isEqualTo(new WorkerRegistration("3f2a-b:12", "fe80::1%eth0", 65535));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                                    | the request body is empty",
        "[1, 2]                                                | must be a JSON object",
        "'{\"workerId\": \"w\", \"address\": \"a\", \"port\": 1} x' | malformed JSON",
        "{\"address\": \"a\", \"port\": 1}                       | workerId is required",
        "{\"workerId\": null, \"address\": \"a\", \"port\": 1}     | workerId is required",
        "{\"workerId\": 7, \"address\": \"a\", \"port\": 1}        | workerId must be a string",
        "{\"workerId\": \"\", \"address\": \"a\", \"port\": 1}       | workerId must match",
        "{\"workerId\": \"w\", \"port\": 1}                        | address is required",
        "{\"workerId\": \"w\", \"address\": \"a b\", \"port\": 1}    | address must be",
        "{\"workerId\": \"w\", \"address\": \"a\"}                 | port is required",
        "{\"workerId\": \"w\", \"address\": \"a\", \"port\": \"80\"}   | port must be",
        "{\"workerId\": \"w\", \"address\": \"a\", \"port\": 8.5}    | port must be",
        "{\"workerId\": \"w\", \"address\": \"a\", \"port\": -1}     | port must be",
        "{\"workerId\": \"w\", \"address\": \"a\", \"port\": 1e20}   | port must be",
      })
  void rejectsWithAMessageNamingTheProblem(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void aWorkerIdOfMoreThan200CharactersIsRejected() {
    String id = "w".repeat(201);

    assertThatThrownBy(
            () -> parse("{\"workerId\": \"" + id + "\", \"address\": \"a\", \"port\": 1}"))
        .hasMessageStartingWith("workerId must match");
  }
}
