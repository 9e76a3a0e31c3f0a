package io.clustermanagers.aws.operator.main;

import io.clustermanagers.aws.operator.config.OperatorConfig;
import io.clustermanagers.aws.operator.controller.AwsClusterController;
import io.clustermanagers.aws.operator.controller.ClusterTriggerEventSource;
import io.clustermanagers.aws.operator.controller.KubernetesEventSink;
import io.clustermanagers.aws.operator.controller.KubernetesStatusSink;
import io.clustermanagers.aws.operator.controller.OperatorFactory;
import io.clustermanagers.aws.operator.controller.SecretTokenSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;

/** Operator mode: reconciles the AwsClusters of a Kubernetes cluster. Owns what it starts. */
public final class OperatorMode implements AutoCloseable {
  private final CoreAssembly core;
  private final Operator operator;

  public OperatorMode(OperatorConfig config, KubernetesClient client, Clock clock) {
    this.core =
        new CoreAssembly(
            config,
            new KubernetesStatusSink(client),
            new KubernetesEventSink(client, clock, Duration.ofMinutes(5)),
            new SecretTokenSource(client),
            clock);
    ClusterTriggerEventSource triggers = new ClusterTriggerEventSource();
    core.connectTrigger(triggers);
    this.operator =
        OperatorFactory.create(
            client, new AwsClusterController(core.reconciler(), triggers), config.namespaces());
  }

  public void start() {
    operator.start();
  }

  public CoreAssembly core() {
    return core;
  }

  @Override
  public void close() {
    operator.stop();
    core.close();
  }
}
