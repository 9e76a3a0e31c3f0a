package io.clustermanagers.aws.operator.controller;

import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import io.clustermanagers.aws.operator.core.StatusCalculator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the Kubernetes side says about a cluster's registered workers, as pure functions: a headless
 * Service without a selector, {@code <name>-workers}, and the EndpointSlices that list the workers
 * for it. A slice holds workers of one address type and one port (a slice's ports apply to all its
 * endpoints), at most {@value #MAX_ENDPOINTS} of them. Slices are named {@code <service>-<index>}
 * (IPv4), {@code <service>-v6-<index>} or {@code <service>-fqdn-<index>}, so a name always keeps
 * its address type (which Kubernetes does not let change).
 */
final class WorkerEndpointSlices {
  /** Kubernetes' limit of endpoints per slice. */
  static final int MAX_ENDPOINTS = 1000;

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  static final String MANAGED_BY = "aws.clustermanagers.io";
  static final String PORT_NAME = "workload";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
  private static final Pattern FQDN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private WorkerEndpointSlices() {}

  /** One slice's content: what is compared with what was written, to skip needless writes. */
  record Content(String addressType, List<Endpoint> endpoints, List<EndpointPort> ports) {
    Content {
      endpoints = List.copyOf(endpoints);
      ports = List.copyOf(ports);
    }

    /** The same slice without endpoints: what a slice no longer needed is updated to. */
    Content emptied() {
      return new Content(addressType, List.of(), ports);
    }

    static Content of(EndpointSlice slice) {
      return new Content(
          slice.getAddressType(),
          slice.getEndpoints() == null ? List.of() : slice.getEndpoints(),
          slice.getPorts() == null ? List.of() : slice.getPorts());
    }
  }

  /** {@code <cluster>-workers}, when that is a valid Service name (at most 63 characters). */
  static Optional<String> serviceName(String clusterName) {
    String name = clusterName + "-workers";
    return SERVICE_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
  }

  /** The headless Service without a selector: its endpoints are the slices, not pods. */
  static Service service(ClusterOwner owner, String serviceName) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(serviceName)
        .withNamespace(owner.key().namespace())
        .addToLabels(StatusCalculator.CLUSTER_LABEL, owner.key().name())
        .addToOwnerReferences(owner.reference())
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .endSpec()
        .build();
  }

  /**
   * The slices for these workers by name, in order; at least one (empty) slice, so that the Service
   * always has one to show.
   */
  static Map<String, Content> contents(String serviceName, List<RegisteredWorker> workers) {
    Map<String, List<RegisteredWorker>> groups = new TreeMap<>();
    workers.stream()
        .sorted(Comparator.comparing(RegisteredWorker::workerId))
        .forEach(
            w ->
                addressType(w.address())
                    .ifPresent(
                        type ->
                            groups
                                .computeIfAbsent(type + "/" + w.port(), k -> new ArrayList<>())
                                .add(w)));
    Map<String, Content> slices = new LinkedHashMap<>();
    Map<String, Integer> nextIndex = new TreeMap<>();
    for (List<RegisteredWorker> group : groups.values()) {
      String type = addressType(group.get(0).address()).orElseThrow();
      for (int from = 0; from < group.size(); from += MAX_ENDPOINTS) {
        List<RegisteredWorker> chunk =
            group.subList(from, Math.min(group.size(), from + MAX_ENDPOINTS));
        int index = nextIndex.merge(type, 1, Integer::sum) - 1;
        slices.put(sliceName(serviceName, type, index), content(type, chunk));
      }
    }
    if (slices.isEmpty()) {
      slices.put(sliceName(serviceName, "IPv4", 0), new Content("IPv4", List.of(), List.of()));
    }
    return slices;
  }

  /** A slice to create or update, with its labels and owner. */
  static EndpointSlice slice(ClusterOwner owner, String serviceName, String name, Content content) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.key().namespace())
        .addToLabels(SERVICE_NAME_LABEL, serviceName)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToLabels(StatusCalculator.CLUSTER_LABEL, owner.key().name())
        .addToOwnerReferences(owner.reference())
        .endMetadata()
        .withAddressType(content.addressType())
        .withEndpoints(content.endpoints())
        .withPorts(content.ports())
        .build();
  }

  /**
   * IPv4, IPv6 or FQDN; empty for an address no slice can hold: what Kubernetes refuses in an
   * EndpointSlice (loopback, link-local, unspecified: so local workers at 127.0.0.1 are not
   * listed), an IPv6 address with a zone, or no address at all.
   */
  static Optional<String> addressType(String address) {
    if (IPV4.matcher(address).matches()) {
      return routable(address) ? Optional.of("IPv4") : Optional.empty();
    }
    if (IPV6.matcher(address).matches()) {
      return routable(address) ? Optional.of("IPv6") : Optional.empty();
    }
    return FQDN.matcher(address).matches() ? Optional.of("FQDN") : Optional.empty();
  }

  /** An IP literal (parsed, never looked up) that Kubernetes accepts as an endpoint address. */
  private static boolean routable(String literal) {
    try {
      InetAddress ip = InetAddress.getByName(literal);
      return !(ip.isAnyLocalAddress()
          || ip.isLoopbackAddress()
          || ip.isLinkLocalAddress()
          || ip.isMCLinkLocal());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static Content content(String type, List<RegisteredWorker> workers) {
    List<Endpoint> endpoints = workers.stream().map(WorkerEndpointSlices::endpoint).toList();
    int port = workers.get(0).port();
    List<EndpointPort> ports =
        port > 0 ? List.of(new EndpointPort(null, PORT_NAME, port, "TCP")) : List.of();
    return new Content(type, endpoints, ports);
  }

  private static Endpoint endpoint(RegisteredWorker worker) {
    EndpointBuilder endpoint =
        new EndpointBuilder()
            .withAddresses(worker.address())
            .withNewConditions()
            .withReady(true)
            .endConditions();
    // <id>.<service>.<namespace>.svc resolves to the worker where the id is a DNS label.
    if (DNS_LABEL.matcher(worker.workerId()).matches()) {
      endpoint.withHostname(worker.workerId());
    }
    return endpoint.build();
  }

  private static String sliceName(String serviceName, String type, int index) {
    return switch (type) {
      case "IPv6" -> serviceName + "-v6-" + index;
      case "FQDN" -> serviceName + "-fqdn-" + index;
      default -> serviceName + "-" + index;
    };
  }
}
