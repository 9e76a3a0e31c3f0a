package io.clustermanagers.aws.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorTrustTest {
  @TempDir Path dir;

  private static EnvironmentVariables env(Map<String, String> values) {
    return new EnvironmentVariables(values);
  }

  @Test
  void withNeitherVariableTheDefaultTrustStoreApplies() {
    assertThat(CoordinatorTrust.fromEnvironment(env(Map.of()))).isEmpty();
  }

  @Test
  void aMissingCaFileIsAnInvalidConfigNamingTheVariableAndTheFile() {
    String missing = dir.resolve("no-such-ca.pem").toString();

    assertThatThrownBy(
            () -> CoordinatorTrust.fromEnvironment(env(Map.of(CoordinatorTrust.CA_FILE, missing))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ACM_COORDINATOR_CA_FILE")
        .hasMessageContaining("no-such-ca.pem");
  }

  @Test
  void aFileWithoutACertificateIsAnInvalidConfig() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

    assertThatThrownBy(
            () ->
                CoordinatorTrust.fromEnvironment(
                    env(Map.of(CoordinatorTrust.CA_FILE, notPem.toString()))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ACM_COORDINATOR_CA_FILE");
  }

  @Test
  void pemTextWithoutACertificateIsAnInvalidConfigNamingTheVariable() {
    assertThatThrownBy(
            () -> CoordinatorTrust.fromEnvironment(env(Map.of(CoordinatorTrust.CA_PEM, "hello"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("ACM_COORDINATOR_CA");
  }

  @Test
  void bothVariablesAtOnceAreAnInvalidConfig() {
    assertThatThrownBy(
            () ->
                CoordinatorTrust.fromEnvironment(
                    env(Map.of(CoordinatorTrust.CA_FILE, "/a.pem", CoordinatorTrust.CA_PEM, "x"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("not both");
  }
}
