package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.operator.backend.aws.AwsSettings;
import java.time.Duration;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * An AWS Batch the Batch suite runs against: a stack of {@code deploy/aws/batch-stack.yaml} in moto
 * (always), LocalStack or a real account (chosen with {@code ACM_E2E_TARGET}, see {@link
 * BatchTargets}). The operator's AWS calls are counted; {@link #admin()} is the test's own client,
 * not counted.
 */
interface BatchWorld extends AutoCloseable {
  /** What this is, for messages: "moto 5.2.1 at http://127.0.0.1:…", "AWS us-east-1 stack e2e". */
  String describe();

  BatchStack stack();

  /** The operator's calls, counted since the last {@link AwsCallCounter#reset()}. */
  AwsCallCounter calls();

  /** Settings for the operator's clients (the counter included). */
  AwsSettings operatorSettings();

  BatchClient admin();

  /** How long a job may take to get where a test waits for it (seconds in moto, minutes in AWS). */
  Duration patience();

  /**
   * Whether starting many workers is free (emulators). Tests that would start more than a few real
   * vCPUs skip elsewhere.
   */
  boolean launchesAreFree();

  @Override
  void close();
}
