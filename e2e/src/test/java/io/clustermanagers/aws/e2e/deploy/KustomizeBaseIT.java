package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** {@code kubectl kustomize} renders the base and the overlays into what issue 5 lists. */
class KustomizeBaseIT {
  private static RenderedManifests render(String folder) {
    return RenderedManifests.parse(Tools.run("kubectl", "kustomize", folder).successfulOutput());
  }

  @Test
  void baseRendersEveryObjectTheOperatorNeeds() {
    RenderedManifests base = render(DeployFiles.KUSTOMIZE_BASE);

    assertThat(base.kinds())
        .containsAll(RenderedManifests.OPERATOR_KINDS)
        .contains("Namespace", "ServiceMonitor", "PrometheusRule");
    assertThat(base.one(Namespace.class).getMetadata().getName()).isEqualTo("aws-cluster-operator");
    assertThat(base.objects())
        .filteredOn(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace"))
        .filteredOn(o -> !o.getKind().equals("CustomResourceDefinition"))
        .extracting(o -> o.getMetadata().getNamespace())
        .containsOnly("aws-cluster-operator");
    base.assertOperatorDeployment();
    base.assertServices();
  }

  @Test
  void baseRbacIsTheOperatorsLeastPrivilege() {
    RenderedManifests base = render(DeployFiles.KUSTOMIZE_BASE);

    assertThat(base.clusterPermissions())
        .containsExactlyInAnyOrder(
            "aws.clustermanagers.io/awsclusters:get",
            "aws.clustermanagers.io/awsclusters:list",
            "aws.clustermanagers.io/awsclusters:watch",
            "aws.clustermanagers.io/awsclusters:patch",
            "aws.clustermanagers.io/awsclusters/status:update",
            "/secrets:get",
            "/secrets:create",
            "/events:create",
            "/services:get",
            "/services:create",
            "discovery.k8s.io/endpointslices:list",
            "discovery.k8s.io/endpointslices:create",
            "discovery.k8s.io/endpointslices:update");
    assertThat(base.namespacedPermissions())
        .containsExactlyInAnyOrder(
            "coordination.k8s.io/leases:get",
            "coordination.k8s.io/leases:create",
            "coordination.k8s.io/leases:update",
            "coordination.k8s.io/leases:patch");
  }

  @Test
  void overlaysRender() {
    RenderedManifests withoutMonitoring = render("deploy/kustomize/overlays/without-monitoring");
    assertThat(withoutMonitoring.kinds())
        .containsAll(RenderedManifests.OPERATOR_KINDS)
        .doesNotContain("ServiceMonitor", "PrometheusRule");

    RenderedManifests nlb = render("deploy/kustomize/overlays/eks-internal-nlb");
    HasMetadata coordinator =
        nlb.all(io.fabric8.kubernetes.api.model.Service.class).stream()
            .filter(s -> s.getMetadata().getName().endsWith("-coordinator"))
            .findFirst()
            .orElseThrow();
    assertThat(coordinator.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal");
    assertThat(nlb.one(ServiceAccount.class).getMetadata().getAnnotations())
        .containsKey("eks.amazonaws.com/role-arn");
    assertThat(
            nlb.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("ACM_ADVERTISED_URL");
              assertThat(e.getValue()).contains(".elb.");
            });

    RenderedManifests tls = render("deploy/kustomize/overlays/coordinator-tls");
    io.fabric8.kubernetes.api.model.PodSpec pod =
        tls.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains(
            "ACM_COORDINATOR_TLS_CERT_FILE=/etc/aws-cluster-operator/coordinator-tls/tls.crt",
            "ACM_COORDINATOR_TLS_KEY_FILE=/etc/aws-cluster-operator/coordinator-tls/tls.key")
        .anySatisfy(e -> assertThat(e).startsWith("ACM_ADVERTISED_URL=https://"));
    assertThat(pod.getVolumes())
        .extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
        .contains("aws-cluster-operator-coordinator-tls");
  }
}
