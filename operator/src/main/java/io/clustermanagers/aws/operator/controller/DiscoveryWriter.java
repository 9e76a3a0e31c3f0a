package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.operator.controller.WorkerEndpointSlices.Content;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;

/**
 * The API calls of {@link WorkerDiscovery}, and nothing else: get and create of the Service; list,
 * create and update of the EndpointSlices (never delete: a slice no longer needed is emptied, and
 * garbage collection removes all of them with the AwsCluster). These are the verbs the shipped RBAC
 * grants on services and endpointslices.
 */
final class DiscoveryWriter {
  /** A slice as written: its content and the resourceVersion the server answered with. */
  record Written(Content content, String resourceVersion) {}

  /** The cluster's Service exists but belongs to someone else: nothing is published for it. */
  static final class ForeignObject extends RuntimeException {
    ForeignObject(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;

  DiscoveryWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the headless Service unless this cluster's already exists. */
  void ensureService(ClusterOwner owner, String name) {
    var services = client.services().inNamespace(owner.key().namespace());
    Service existing = services.withName(name).get();
    if (existing == null) {
      services.resource(WorkerEndpointSlices.service(owner, name)).create();
    } else if (!owner.owns(existing.getMetadata())) {
      throw new ForeignObject(
          "Service "
              + owner.key().namespace()
              + "/"
              + name
              + " exists but is not AwsCluster "
              + owner.key()
              + "'s: delete or rename it to list the workers in Kubernetes");
    }
  }

  /** The slices of this Service that this cluster owns, by name (after a restart, say). */
  Map<String, Written> ownedSlices(ClusterOwner owner, String serviceName) {
    Map<String, Written> owned = new HashMap<>();
    for (EndpointSlice slice :
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(owner.key().namespace())
            .withLabel(WorkerEndpointSlices.SERVICE_NAME_LABEL, serviceName)
            .list()
            .getItems()) {
      if (owner.owns(slice.getMetadata())) {
        owned.put(
            slice.getMetadata().getName(),
            new Written(Content.of(slice), slice.getMetadata().getResourceVersion()));
      }
    }
    return owned;
  }

  /** Creates the slice, or updates it from {@code previous} (optimistic: a stale one fails). */
  Written write(
      ClusterOwner owner, String serviceName, String name, Content content, Written previous) {
    EndpointSlice slice = WorkerEndpointSlices.slice(owner, serviceName, name, content);
    var slices = client.discovery().v1().endpointSlices().inNamespace(owner.key().namespace());
    EndpointSlice answer;
    if (previous == null) {
      answer = slices.resource(slice).create();
    } else {
      slice.getMetadata().setResourceVersion(previous.resourceVersion());
      answer = slices.resource(slice).update();
    }
    return new Written(content, answer.getMetadata().getResourceVersion());
  }
}
