package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * An AWS Batch the Batch suite runs against: a stack of {@code deploy/aws/batch-stack.yaml} in moto
 * (always), LocalStack or a real account (chosen with {@code ACM_E2E_TARGET}, see {@link
 * BatchTargets}). The operator's AWS calls are counted; {@link #admin()} is the test's own client,
 * not counted.
 */
abstract class BatchWorld implements AutoCloseable {
  private final BatchStack stack;
  private final BatchClient admin;
  private final Duration patience;
  private final boolean launchesAreFree;
  private final AwsCallCounter calls = new AwsCallCounter();

  /**
   * @param patience how long a job may take to get where a test waits for it
   * @param launchesAreFree whether starting many workers costs nothing (emulators); tests that
   *     would start more vCPUs than the queue allows skip elsewhere
   */
  BatchWorld(BatchStack stack, BatchClient admin, Duration patience, boolean launchesAreFree) {
    this.stack = stack;
    this.admin = admin;
    this.patience = patience;
    this.launchesAreFree = launchesAreFree;
  }

  /** What this is, for messages: "moto at http://127.0.0.1:…", "AWS us-east-1, stack e2e". */
  abstract String describe();

  /** Settings for the operator's clients, with {@link #calls()} among their interceptors. */
  abstract AwsSettings operatorSettings();

  /**
   * What an agent process on this machine needs besides the job's own environment to reach this AWS
   * as a job would (endpoint and credentials of an emulator; nothing for a real account).
   */
  abstract Map<String, String> agentAwsEnvironment();

  final BatchStack stack() {
    return stack;
  }

  /** The operator's calls, counted since the last {@link AwsCallCounter#reset()}. */
  final AwsCallCounter calls() {
    return calls;
  }

  final BatchClient admin() {
    return admin;
  }

  final Duration patience() {
    return patience;
  }

  final boolean launchesAreFree() {
    return launchesAreFree;
  }

  @Override
  public void close() {
    admin.close();
  }
}
