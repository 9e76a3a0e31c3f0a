package io.clustermanagers.aws.e2e.kube;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One real API server per test JVM with the operator installed as a user installs it: {@code
 * kubectl apply -k deploy/kustomize/overlays/without-monitoring} (CRD, namespace, ServiceAccount,
 * RBAC, Deployment). Started on first use; stopped when the JVM exits. Tests share it, so each
 * harness removes the AwsClusters it leaves ({@link #removeAllClusters}).
 */
public final class TestKube {
  /** The shipped overlay a user applies on a cluster without the Prometheus Operator. */
  public static final Path OVERLAY = Path.of("../deploy/kustomize/overlays/without-monitoring");

  public static final String OPERATOR_NAMESPACE = "aws-cluster-operator";
  public static final String OPERATOR_SERVICE_ACCOUNT = "aws-cluster-operator";
  private static final String CLUSTER_LABEL = "aws.clustermanagers.io/cluster";
  private static KubeApiServer server;

  private TestKube() {}

  /** The shared server, started and installed on first call. */
  public static synchronized KubeApiServer shared() {
    if (server == null) {
      KubeApiServer started = KubeApiServer.start();
      try {
        installShipped(started);
      } catch (RuntimeException e) {
        started.close();
        throw e;
      }
      server = started;
    }
    return server;
  }

  /** kubectl apply -k of the shipped overlay, then waits until the CRD is served. */
  public static void installShipped(KubeApiServer server) {
    Kubectl kubectl = new Kubectl(server.adminKubeconfig());
    kubectl.run("apply", "-k", OVERLAY.toString()).orThrow();
    kubectl
        .run(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/awsclusters.aws.clustermanagers.io")
        .orThrow();
  }

  /** A token of the operator's own ServiceAccount: it can do what the shipped RBAC grants. */
  public static String operatorToken(KubeApiServer server) {
    return server.serviceAccountToken(OPERATOR_NAMESPACE, OPERATOR_SERVICE_ACCOUNT);
  }

  /**
   * Deletes the leader-election Lease of an operator that has stopped. JOSDK does not release it on
   * stop, so without this the next operator (a new identity) would wait out the lease.
   */
  public static void releaseLease(KubernetesClient admin) {
    admin
        .leases()
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(OPERATOR_SERVICE_ACCOUNT)
        .withGracePeriod(0)
        .delete();
  }

  /** Creates the namespace unless it exists (a real server refuses objects in a missing one). */
  public static void ensureNamespace(KubernetesClient admin, String namespace) {
    if (admin.namespaces().withName(namespace).get() == null) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
  }

  /**
   * Deletes every AwsCluster and, once no operator runs any more, strips the finalizers that are
   * left, so that the next test's operator does not adopt this test's clusters; then deletes what
   * they owned (token Secrets, workers' Services and EndpointSlices).
   */
  public static void removeAllClusters(KubernetesClient admin) {
    var clusters = admin.resources(AwsCluster.class).inAnyNamespace();
    clusters.delete();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!clusters.list().getItems().isEmpty()) {
      for (AwsCluster left : clusters.list().getItems()) {
        admin
            .resources(AwsCluster.class)
            .inNamespace(left.getMetadata().getNamespace())
            .withName(left.getMetadata().getName())
            .edit(
                c -> {
                  c.getMetadata().setFinalizers(java.util.List.of());
                  return c;
                });
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("AwsClusters left: " + clusters.list().getItems());
      }
      sleepBriefly();
    }
    // No garbage collector runs here: delete what the clusters owned (token Secrets, the workers'
    // Services and EndpointSlices), as it would.
    admin.secrets().inAnyNamespace().withLabel(CLUSTER_LABEL).delete();
    admin.services().inAnyNamespace().withLabel(CLUSTER_LABEL).delete();
    admin.discovery().v1().endpointSlices().inAnyNamespace().withLabel(CLUSTER_LABEL).delete();
  }

  private static void sleepBriefly() {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
