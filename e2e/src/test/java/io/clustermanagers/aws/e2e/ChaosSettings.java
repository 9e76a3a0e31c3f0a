package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import java.util.Map;

/** What every chaos scenario's operator and cluster share. */
final class ChaosSettings {
  private static final int TAIL = 30_000;

  private ChaosSettings() {}

  /**
   * Quick resyncs and short backoffs, so that a scenario converges in seconds after a restart or a
   * fault; the per-cluster worker limit that the scale-up past it runs into.
   */
  static Map<String, String> operatorTuning(int limit) {
    return Map.of(
        "ACM_RESYNC", "PT5S",
        "ACM_BACKOFF_BASE", "PT1S",
        "ACM_BACKOFF_MAX", "PT10S",
        "ACM_PROGRESS_POLL", "PT2S",
        "ACM_MAX_WORKERS_PER_CLUSTER", Integer.toString(limit));
  }

  /**
   * The scenario's cluster before its first step. The AWS workers never register (no agent runs in
   * moto's jobs and tasks), so the registration timeout is longer than any scenario.
   */
  static AwsClusterSpec baseSpec(ChaosWorld world) {
    AwsClusterSpec spec = new AwsClusterSpec();
    spec.setBackend(world.backend());
    spec.setHeartbeatTimeout("30s");
    spec.setRegistrationTimeout("30m");
    world.customize(spec);
    return spec;
  }

  /** The end of a long log. */
  static String tail(String log) {
    return log.length() <= TAIL ? log : "...\n" + log.substring(log.length() - TAIL);
  }
}
