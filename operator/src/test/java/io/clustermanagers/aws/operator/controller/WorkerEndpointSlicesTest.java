package io.clustermanagers.aws.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.clustermanagers.aws.operator.controller.WorkerEndpointSlices.Content;
import io.clustermanagers.aws.operator.coordinator.RegisteredWorker;
import io.clustermanagers.aws.operator.model.ClusterKey;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkerEndpointSlicesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ClusterOwner OWNER =
      new ClusterOwner(
          new ClusterKey("research", "sim"),
          "6f1d0f0e-0000-4000-8000-000000000001",
          "aws.clustermanagers.io/v1alpha1",
          "AwsCluster");

  private static RegisteredWorker worker(String id, String address, int port) {
    return new RegisteredWorker(id, address, port, T0, T0);
  }

  @Test
  void theServiceIsHeadlessWithoutASelectorAndOwnedByTheCluster() {
    Service service = WorkerEndpointSlices.service(OWNER, "sim-workers");

    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getSelector()).isNullOrEmpty();
    assertThat(service.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(OWNER.uid()))
        .satisfies(o -> assertThat(o.getController()).isTrue());
  }

  @Test
  void serviceNamesAreValidServiceNamesOrNone() {
    assertThat(WorkerEndpointSlices.serviceName("sim")).contains("sim-workers");
    assertThat(WorkerEndpointSlices.serviceName("0sim")).as("must start with a letter").isEmpty();
    assertThat(WorkerEndpointSlices.serviceName("a.b")).as("no dots").isEmpty();
    assertThat(WorkerEndpointSlices.serviceName("x".repeat(55))).as("63 characters").isPresent();
    assertThat(WorkerEndpointSlices.serviceName("x".repeat(56))).as("64 characters").isEmpty();
  }

  @Test
  void workersOfOnePortShareOneSliceSortedByIdWithTheirIdsAsHostnames() {
    Map<String, Content> slices =
        WorkerEndpointSlices.contents(
            "sim-workers",
            List.of(worker("sim-1", "10.0.0.2", 8786), worker("sim-0", "10.0.0.1", 8786)));

    assertThat(slices).containsOnlyKeys("sim-workers-0");
    Content slice = slices.get("sim-workers-0");
    assertThat(slice.addressType()).isEqualTo("IPv4");
    assertThat(slice.endpoints())
        .extracting(Endpoint::getHostname)
        .containsExactly("sim-0", "sim-1");
    assertThat(slice.endpoints())
        .extracting(e -> e.getAddresses().get(0))
        .containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(slice.endpoints())
        .allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
    assertThat(slice.ports())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8786))
        .satisfies(p -> assertThat(p.getName()).isEqualTo("workload"))
        .satisfies(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
  }

  @Test
  void differentPortsAndAddressTypesGetSlicesOfTheirOwn() {
    Map<String, Content> slices =
        WorkerEndpointSlices.contents(
            "sim-workers",
            List.of(
                worker("a", "10.0.0.1", 0),
                worker("b", "10.0.0.2", 9000),
                worker("c", "fd00::5", 9000),
                worker("d", "worker-d.example.com", 9000),
                worker("e", "fe80::1%eth0", 9000)));

    assertThat(slices)
        .containsOnlyKeys(
            "sim-workers-0", "sim-workers-1", "sim-workers-v6-0", "sim-workers-fqdn-0");
    assertThat(slices.get("sim-workers-0").ports())
        .as("port 0: the workload listens nowhere")
        .isEmpty();
    assertThat(slices.get("sim-workers-1").ports()).hasSize(1);
    assertThat(slices.get("sim-workers-v6-0").addressType()).isEqualTo("IPv6");
    assertThat(slices.get("sim-workers-fqdn-0").addressType()).isEqualTo("FQDN");
    assertThat(slices.values().stream().mapToInt(c -> c.endpoints().size()).sum())
        .as("an IPv6 address with a zone fits no slice")
        .isEqualTo(4);
  }

  @Test
  void aSliceHoldsAtMostAThousandWorkers() {
    List<RegisteredWorker> workers = new ArrayList<>();
    IntStream.range(0, 2500)
        .forEach(i -> workers.add(worker(String.format("w-%05d", i), "10.0.0.1", 80)));

    Map<String, Content> slices = WorkerEndpointSlices.contents("sim-workers", workers);

    assertThat(slices).containsOnlyKeys("sim-workers-0", "sim-workers-1", "sim-workers-2");
    assertThat(slices.values())
        .extracting(c -> c.endpoints().size())
        .containsExactly(1000, 1000, 500);
  }

  @Test
  void addressesKubernetesRefusesAreLeftOut() {
    Map<String, Content> slices =
        WorkerEndpointSlices.contents(
            "sim-workers",
            List.of(
                worker("local", "127.0.0.1", 80),
                worker("any", "0.0.0.0", 80),
                worker("link", "169.254.1.1", 80),
                worker("v6-loop", "::1", 80),
                worker("v6-link", "fe80::1", 80),
                worker("ok", "10.0.0.1", 80)));

    assertThat(slices).containsOnlyKeys("sim-workers-0");
    assertThat(slices.get("sim-workers-0").endpoints())
        .extracting(Endpoint::getHostname)
        .containsExactly("ok");
  }

  @Test
  void withoutWorkersThereIsOneEmptySlice() {
    assertThat(WorkerEndpointSlices.contents("sim-workers", List.of()))
        .containsOnlyKeys("sim-workers-0")
        .allSatisfy((name, c) -> assertThat(c.endpoints()).isEmpty());
  }

  @Test
  void hostnamesOnlyWhereTheWorkerIdIsADnsLabel() {
    Content slice =
        WorkerEndpointSlices.contents(
                "sim-workers",
                List.of(worker("a1b2c3:7", "10.0.0.1", 80), worker("Upper", "10.0.0.2", 80)))
            .get("sim-workers-0");

    assertThat(slice.endpoints()).extracting(Endpoint::getHostname).containsOnlyNulls();
  }

  @Test
  void aSliceIsLabelledForItsServiceAndOwnedByTheCluster() {
    Content content = new Content("IPv4", List.of(), List.of());
    EndpointSlice slice =
        WorkerEndpointSlices.slice(OWNER, "sim-workers", "sim-workers-0", content);

    assertThat(slice.getMetadata().getLabels())
        .containsEntry("kubernetes.io/service-name", "sim-workers")
        .containsEntry("endpointslice.kubernetes.io/managed-by", "aws.clustermanagers.io")
        .containsEntry("aws.clustermanagers.io/cluster", "sim");
    assertThat(OWNER.owns(slice.getMetadata())).isTrue();
    assertThat(Content.of(slice)).isEqualTo(content);
  }
}
