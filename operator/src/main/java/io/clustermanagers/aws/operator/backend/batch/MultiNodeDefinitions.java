package io.clustermanagers.aws.operator.backend.batch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.NodeProperties;
import software.amazon.awssdk.services.batch.model.NodeRangeProperty;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;

/**
 * Multinode job definitions: reading one's node layout and vCPUs, and registering one from the
 * template. A registered one has a single open node range {@code 0:} holding the template's
 * container, so SubmitJob can ask for any node count above its main node.
 */
final class MultiNodeDefinitions {
  /** The open range every node of a registered definition (and of an override) falls in. */
  static final String ALL_NODES = "0:";

  private MultiNodeDefinitions() {}

  static boolean isMultiNode(JobDefinition definition) {
    return "multinode".equalsIgnoreCase(definition.type()) && definition.nodeProperties() != null;
  }

  static NodeLayout layout(JobDefinition definition) {
    NodeProperties nodes = definition.nodeProperties();
    Optional<Integer> openStart =
        nodes.nodeRangeProperties().stream()
            .map(NodeRangeProperty::targetNodes)
            .filter(t -> t != null && t.endsWith(":"))
            .map(t -> t.length() == 1 ? 0 : Integer.parseInt(t.substring(0, t.length() - 1)))
            .min(Integer::compare);
    return new NodeLayout(
        nodes.numNodes() == null ? 1 : nodes.numNodes(),
        nodes.mainNode() == null ? 0 : nodes.mainNode(),
        openStart);
  }

  /** The most vCPUs any node range asks for, if any says. */
  static Optional<Double> vcpus(JobDefinition definition) {
    return definition.nodeProperties().nodeRangeProperties().stream()
        .map(NodeRangeProperty::container)
        .filter(c -> c != null)
        .map(c -> BatchResourcesApi.vcpus(c))
        .flatMap(Optional::stream)
        .max(Double::compare);
  }

  /** A definition of the template's container on every node, with the given main node. */
  static RegisterJobDefinitionRequest registration(
      String name, ContainerProperties container, int mainNode) {
    return RegisterJobDefinitionRequest.builder()
        .jobDefinitionName(name)
        .type(JobDefinitionType.MULTINODE)
        .platformCapabilities(PlatformCapability.EC2)
        .nodeProperties(
            NodeProperties.builder()
                .numNodes(Math.max(2, mainNode + 1))
                .mainNode(mainNode)
                .nodeRangeProperties(
                    List.of(
                        NodeRangeProperty.builder()
                            .targetNodes(ALL_NODES)
                            .container(container)
                            .build()))
                .build())
        .tags(Map.of(BatchTags.MANAGED_BY, BatchTags.OPERATOR))
        .build();
  }
}
