package io.clustermanagers.aws.operator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The JOSDK settings, the same in production and tests: server-side apply off for the primary
 * resource, a per-resource rate limiter on, and unlimited exponential retry for transient errors.
 */
public final class OperatorFactory {
  /** At most this many reconciles of one AwsCluster per second, whatever triggers them. */
  public static final int RECONCILES_PER_SECOND = 10;

  /** ... and this many at once (a scale-up's passes, each woken by registrations). */
  public static final int RECONCILE_BURST = 20;

  private OperatorFactory() {}

  public static Operator create(
      KubernetesClient client,
      AwsClusterController controller,
      Set<String> namespaces,
      MeterRegistry meters,
      Optional<LeaderElectionConfiguration> leaderElection) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withStopOnInformerErrorDuringStartup(true)
                  .withMetrics(
                      MicrometerMetrics.newMicrometerMetricsBuilder(meters)
                          .notCollectingMetricsPerResource()
                          .build());
              leaderElection.ifPresent(o::withLeaderElectionConfiguration);
            });
    operator.register(
        controller,
        c -> {
          c.withRateLimiter(
              new ReconcileRateLimiter(RECONCILE_BURST, RECONCILES_PER_SECOND, Clock.systemUTC()));
          c.withRetry(retry());
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    return operator;
  }

  private static GenericRetry retry() {
    return new GenericRetry()
        .setInitialInterval(1_000)
        .setIntervalMultiplier(2)
        .setMaxInterval(120_000)
        .setMaxAttempts(Integer.MAX_VALUE);
  }
}
