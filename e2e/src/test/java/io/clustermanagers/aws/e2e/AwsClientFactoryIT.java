package io.clustermanagers.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.AwsClientFactory;
import io.clustermanagers.aws.operator.backend.aws.AwsFailures;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/** The AWS clients reach the emulator through the endpoint override, and failures are sorted. */
class AwsClientFactoryIT {
  private static MotoServer moto;
  private static AwsClientFactory clients;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    clients = new AwsClientFactory(moto.settings());
  }

  @AfterAll
  static void stop() {
    clients.close();
    moto.close();
  }

  @Test
  void batchAndEcsClientsTalkToTheEmulator() throws Exception {
    assertThat(clients.batch(Optional.empty()).describeJobQueues().jobQueues()).isEmpty();
    assertThat(clients.ecs(Optional.of("eu-west-1")).listClusters().clusterArns()).isEmpty();
  }

  @Test
  void aMissingResourceIsAPermanentFailureNamingTheAction() throws Exception {
    try {
      clients.ecs(Optional.empty()).listTasks(b -> b.cluster("no-such-cluster"));
    } catch (SdkException e) {
      BackendException failure = AwsFailures.classify("ListTasks on cluster no-such-cluster", e);
      assertThat(failure.isPermanent()).isTrue();
      assertThat(failure.getMessage()).contains("ListTasks on cluster no-such-cluster");
      return;
    }
    throw new AssertionError("ListTasks on a missing cluster should have failed");
  }
}
