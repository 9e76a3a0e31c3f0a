package io.clustermanagers.aws.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.api.v1alpha1.BackendType;
import io.clustermanagers.aws.operator.backend.aws.TokenDelivery;
import io.clustermanagers.aws.operator.core.WorkerLimits;
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

  @Test
  void theCoordinatorSpeaksPlainHttpUnlessGivenACertificateAndKey() {
    assertThat(parse().coordinatorTls()).isEmpty();
    assertThat(
            parse("--coordinator-tls-cert-file", "/tls/tls.crt", "--coordinator-tls-key-file", "k")
                .coordinatorTls())
        .contains(
            new io.clustermanagers.aws.operator.coordinator.CoordinatorTls(
                java.nio.file.Path.of("/tls/tls.crt"), java.nio.file.Path.of("k")));
  }

  @Test
  void theWorkersCaFileGoesWithTheCoordinatorsCertificate() {
    assertThat(
            parse(
                    "--coordinator-tls-cert-file",
                    "/tls/tls.crt",
                    "--coordinator-tls-key-file",
                    "k",
                    "--coordinator-ca-file",
                    "/tls/ca.crt")
                .coordinatorTls()
                .orElseThrow()
                .workerCaFile())
        .contains(java.nio.file.Path.of("/tls/ca.crt"));
    assertThatThrownBy(() -> parse("--coordinator-ca-file", "/tls/ca.crt"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContainingAll("--coordinator-ca-file", "--coordinator-tls-cert-file");
  }

  @Test
  void aTlsCertificateWithoutItsKeyIsAUsageErrorNamingBothFlags() {
    assertThatThrownBy(() -> parse("--coordinator-tls-cert-file", "/tls/tls.crt"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContainingAll("--coordinator-tls-cert-file", "--coordinator-tls-key-file");
  }

  @Test
  void workerLimitsHaveSaneDefaults() {
    OperatorConfig config = parse();

    assertThat(config.limits()).isEqualTo(new WorkerLimits(1000, 5000));
    assertThat(config.local().maxProcesses()).isEqualTo(32);
    assertThat(config.local().launchesPerPass()).isEqualTo(8);
  }

  @Test
  void theCoordinatorHasOneEventLoopPerProcessorUnlessTold() {
    assertThat(parse().coordinatorThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(parse("--coordinator-threads", "3").coordinatorThreads()).isEqualTo(3);
    assertThatThrownBy(() -> parse("--coordinator-threads", "-1"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--coordinator-threads");
  }

  @Test
  void workerLimitsAreFlags() {
    OperatorConfig config =
        parse(
            "--max-workers-per-cluster",
            "20000",
            "--max-workers",
            "50000",
            "--local-max-processes",
            "64",
            "--local-starts-per-pass",
            "16");

    assertThat(config.limits()).isEqualTo(new WorkerLimits(20000, 50000));
    assertThat(config.local().maxProcesses()).isEqualTo(64);
    assertThat(config.local().launchesPerPass()).isEqualTo(16);
  }

  @Test
  void aLimitBelowOneIsAUsageErrorNamingTheFlag() {
    assertThatThrownBy(() -> parse("--max-workers", "0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--max-workers: must be at least 1, got 0");
    assertThatThrownBy(() -> parse("--local-max-processes", "-1"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--local-max-processes");
    assertThatThrownBy(() -> parse("--local-starts-per-pass", "0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--local-starts-per-pass");
  }
}
