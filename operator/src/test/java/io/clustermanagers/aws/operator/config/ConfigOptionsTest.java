package io.clustermanagers.aws.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ConfigOptionsTest {
  @Command(name = "test")
  static final class Holder {
    @Mixin ConfigOptions options;
  }

  private static OperatorConfig parse(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.options.toConfig(EnumSet.of(BackendType.BATCH), -1);
  }

  @Test
  void awsWorkersGetTheirTokenThroughSecretsManagerByDefault() {
    assertThat(parse().aws().tokenDelivery()).isEqualTo(TokenDelivery.Mode.SECRETS_MANAGER);
  }

  @Test
  void thePlainEnvironmentIsAnExplicitChoice() {
    assertThat(parse("--aws-token-delivery", "environment").aws().tokenDelivery())
        .isEqualTo(TokenDelivery.Mode.ENVIRONMENT);
  }

  @Test
  void anUnknownDeliveryIsNamedWithTheChoices() {
    assertThatThrownBy(() -> parse("--aws-token-delivery", "vault"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContainingAll("--aws-token-delivery", "vault", "secrets-manager", "environment");
  }
}
