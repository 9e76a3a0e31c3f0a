package io.clustermanagers.aws.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What Kustomize and Helm must both render: the operator's objects, checked the same way for both
 * (the objects fabric8 parsed from the rendered YAML).
 */
record RenderedManifests(List<HasMetadata> objects) {
  static final Set<String> OPERATOR_KINDS =
      Set.of(
          "CustomResourceDefinition",
          "ServiceAccount",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Deployment",
          "Service");

  static RenderedManifests parse(String yaml) {
    return new RenderedManifests(DeployFiles.kubernetesObjects(yaml));
  }

  Set<String> kinds() {
    return objects.stream()
        .map(HasMetadata::getKind)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("objects of type %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  /** RBAC rules as "group/resource:verb" strings: cluster-wide and namespaced. */
  Set<String> clusterPermissions() {
    return permissions(one(ClusterRole.class).getRules());
  }

  Set<String> namespacedPermissions() {
    return permissions(one(Role.class).getRules());
  }

  private static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return permissions;
  }

  /** The operator's Deployment as issue 5 asks for it. */
  void assertOperatorDeployment() {
    Deployment deployment = one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers()).hasSize(1);
    Container operator = pod.getContainers().get(0);
    var security = operator.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(operator.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactlyInAnyOrder("metrics=8080", "coordinator=8081");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getEmptyDir()).as("emptyDir /tmp").isNotNull());
    Map<String, EnvVar> env =
        operator.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("ACM_COORDINATOR_HOST").getValue()).isEqualTo("0.0.0.0");
    assertThat(env.get("ACM_COORDINATOR_PORT").getValue()).isEqualTo("8081");
    assertThat(env.get("ACM_BACKENDS").getValue()).doesNotContain("local");
    assertThat(env).containsKey("ACM_ADVERTISED_URL");
    assertThat(env.get("ACM_MAX_WORKERS_PER_CLUSTER").getValue()).isEqualTo("1000");
    assertThat(env.get("ACM_MAX_WORKERS").getValue()).isEqualTo("5000");
    assertThat(pod.getServiceAccountName())
        .isEqualTo(
            one(io.fabric8.kubernetes.api.model.ServiceAccount.class).getMetadata().getName());
  }

  /** The coordinator (8081) and metrics (8080) Services select the operator's pods. */
  void assertServices() {
    Deployment deployment = one(Deployment.class);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    List<Service> services = all(Service.class);
    assertThat(services)
        .extracting(
            s ->
                s.getSpec().getPorts().get(0).getName()
                    + "="
                    + s.getSpec().getPorts().get(0).getPort())
        .containsExactlyInAnyOrder("coordinator=8081", "metrics=8080");
    assertThat(services)
        .allSatisfy(s -> assertThat(podLabels).containsAllEntriesOf(s.getSpec().getSelector()));
  }
}
