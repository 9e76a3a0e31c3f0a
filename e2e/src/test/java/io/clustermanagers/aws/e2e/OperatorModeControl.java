package io.clustermanagers.aws.e2e;

import static org.awaitility.Awaitility.await;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.e2e.kube.KubeApiServer;
import io.clustermanagers.aws.e2e.kube.TestKube;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Operator mode for real: the operator jar as its own process ({@link OperatorProcess}, its
 * ServiceAccount's token) against the shared real API server; the cluster is an AwsCluster the test
 * creates, edits and deletes as a user would. A restart after {@code kill -9} keeps the pod name,
 * as the kubelet's restart of the container does, so the new process takes its own Lease back at
 * once. The workers reach the coordinator through a {@link CoordinatorFront} (the Service), which
 * follows the live process.
 */
final class OperatorModeControl implements ChaosControl {
  private static final String POD = "chaos-operator";
  private static final Duration UP = Duration.ofSeconds(120);
  private final ChaosWorld world;
  private final KubernetesClient admin;
  private final CoordinatorFront front;
  private final Path kubeconfig;
  private final Map<String, String> env;
  private final String namespace;
  private final String name;
  private final StringBuilder output = new StringBuilder();
  private OperatorProcess operator;
  private String uid;

  OperatorModeControl(
      ChaosWorld world, KubeApiServer server, String namespace, String name, int limit)
      throws Exception {
    this.world = world;
    this.namespace = namespace;
    this.name = name;
    this.admin = server.adminClient();
    this.front = CoordinatorFront.start();
    this.kubeconfig = server.kubeconfig("operator", TestKube.operatorToken(server));
    Map<String, String> e = new HashMap<>(world.operatorEnvironment());
    e.putAll(ChaosSettings.operatorTuning(limit));
    this.env = Map.copyOf(e);
  }

  @Override
  public String cluster() {
    return namespace + "/" + name;
  }

  @Override
  public int apply(ChaosStep step) throws Exception {
    if (operator == null) {
      TestKube.ensureNamespace(admin, namespace);
      TestKube.releaseLease(admin);
      start();
      create(step);
    } else if (step.end()) {
      admin.resources(AwsCluster.class).inNamespace(namespace).withName(name).delete();
    } else {
      edit(step);
    }
    return 0;
  }

  private void create(ChaosStep step) {
    AwsCluster cluster = new AwsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    AwsClusterSpec spec = ChaosSettings.baseSpec(world);
    step.applyTo(spec);
    cluster.setSpec(spec);
    uid =
        admin
            .resources(AwsCluster.class)
            .inNamespace(namespace)
            .resource(cluster)
            .create()
            .getMetadata()
            .getUid();
  }

  /** As {@code kubectl edit} would: read again and retry when the operator wrote in between. */
  private void edit(ChaosStep step) {
    for (int attempt = 1; ; attempt++) {
      try {
        admin
            .resources(AwsCluster.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                c -> {
                  step.applyTo(c.getSpec());
                  return c;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 20) {
          throw e;
        }
      }
    }
  }

  @Override
  public void killAndRestart() throws Exception {
    stopOperator(true);
    start();
  }

  private void start() throws Exception {
    operator = OperatorProcess.start(POD, kubeconfig, front.url(), env);
    front.add(operator.ports());
    OperatorProcess starting = operator;
    await()
        .atMost(UP)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!starting.isAlive()) {
                throw new IllegalStateException("the operator exited:\n" + starting.output());
              }
              return front.target() == starting.ports().coordinatorPort();
            });
  }

  private void stopOperator(boolean kill) throws Exception {
    if (operator == null) {
      return;
    }
    if (kill) {
      operator.kill();
    }
    front.remove(operator.ports());
    output.append("---- operator process ").append(kill ? "(killed)" : "").append('\n');
    output.append(ChaosSettings.tail(operator.output()));
    operator.close();
    operator = null;
  }

  @Override
  public boolean ended() {
    return admin.resources(AwsCluster.class).inNamespace(namespace).withName(name).get() == null;
  }

  /**
   * The token Secret, unless an owner reference to the cluster lets garbage collection remove it
   * (no controller manager runs here, so owned Secrets stay; a real cluster removes them).
   */
  @Override
  public int kubernetesSecretsLeft() {
    Secret secret =
        admin.secrets().inNamespace(namespace).withName(name + "-coordinator-token").get();
    if (secret == null) {
      return 0;
    }
    boolean owned =
        secret.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getUid().equals(uid));
    return owned ? 0 : 1;
  }

  @Override
  public String output() {
    return output + (operator == null ? "" : ChaosSettings.tail(operator.output()));
  }

  @Override
  public void close() {
    try {
      if (operator != null) {
        output.append(ChaosSettings.tail(operator.output()));
        operator.close();
        operator = null;
      }
    } catch (Exception e) {
      output.append("closing the operator: ").append(e);
    } finally {
      try {
        TestKube.removeAllClusters(admin);
        TestKube.releaseLease(admin);
      } finally {
        try {
          front.close();
        } catch (Exception ignored) {
          // closing a loopback socket
        }
        admin.close();
      }
    }
  }
}
