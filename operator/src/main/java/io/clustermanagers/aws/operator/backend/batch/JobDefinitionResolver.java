package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import io.clustermanagers.aws.api.v1alpha1.WorkerTemplate;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;

/**
 * The job definition a cluster submits with: the one named in {@code spec.batch.jobDefinition}, or
 * one registered from the template and named by a hash of its content ({@code acm-<hash12>}), so
 * that an unchanged template reuses it (as Nextflow does) and a changed one gets a new one. With
 * {@code spec.batch.multiNode} it is a multinode definition (registered: the template's container
 * on the open node range {@code 0:}), and a container definition is refused, as is a multinode one
 * without it.
 */
final class JobDefinitionResolver {
  static final double DEFAULT_VCPUS = 1;
  static final int DEFAULT_MEMORY_MIB = 2048;
  private static final Duration TTL = Duration.ofMinutes(5);
  private final TimedCache<ResolvedJobDefinition> cache;

  JobDefinitionResolver(Clock clock) {
    this.cache = new TimedCache<>(clock);
  }

  ResolvedJobDefinition resolve(BatchTarget target, AwsClusterSpec spec) throws BackendException {
    String named = spec.getBatch() == null ? null : spec.getBatch().getJobDefinition();
    boolean fromTemplate = named == null || named.isBlank();
    Optional<Integer> mainNode = mainNode(spec);
    String reference = fromTemplate ? templateName(spec.getTemplate(), mainNode) : named;
    String key = target.regionKey() + "|" + reference;
    Optional<ResolvedJobDefinition> cached = cache.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    Optional<JobDefinition> existing = target.resources().activeJobDefinition(reference);
    ResolvedJobDefinition resolved;
    if (existing.isPresent()) {
      checkKind(existing.get(), named, mainNode.isPresent());
      Optional<Double> vcpus =
          fromTemplate
              ? Optional.of(vcpus(spec.getTemplate()))
              : BatchResourcesApi.vcpus(existing.get());
      Optional<NodeLayout> nodes =
          mainNode.isEmpty()
              ? Optional.empty()
              : fromTemplate
                  ? Optional.of(registeredLayout(mainNode.get()))
                  : Optional.of(MultiNodeDefinitions.layout(existing.get()));
      resolved = new ResolvedJobDefinition(existing.get().jobDefinitionArn(), vcpus, nodes);
    } else if (fromTemplate) {
      WorkerTemplate template = spec.getTemplate();
      String arn =
          target
              .resources()
              .register(
                  mainNode.isEmpty()
                      ? registration(reference, template)
                      : MultiNodeDefinitions.registration(
                          reference, container(template), mainNode.get()));
      resolved =
          new ResolvedJobDefinition(
              arn, Optional.of(vcpus(template)), mainNode.map(m -> registeredLayout(m)));
    } else {
      throw BackendException.permanent(
          "JobDefinitionNotFound",
          "job definition "
              + named
              + " (spec.batch.jobDefinition) has no ACTIVE revision in region "
              + target.regionName(),
          null);
    }
    cache.put(key, resolved, TTL);
    return resolved;
  }

  /** {@code acm-} and the first 12 hex digits of the SHA-256 of what the definition holds. */
  static String templateName(WorkerTemplate template) {
    return templateName(template, Optional.empty());
  }

  /** The same, for a multinode definition with the main node given. */
  static String templateName(WorkerTemplate template, Optional<Integer> mainNode) {
    String content =
        "image="
            + template.getImage()
            + "\nvcpus="
            + vcpus(template)
            + "\nmemory="
            + memory(template)
            + (isBlank(template.getRoleArn()) ? "" : "\nrole=" + template.getRoleArn())
            + mainNode.map(m -> "\ntype=multinode\nmainNode=" + m).orElse("");
    return "acm-" + Sha256.hex(content).substring(0, 12);
  }

  /** The main node of a multi-node cluster (default 0); empty for an array cluster. */
  private static Optional<Integer> mainNode(AwsClusterSpec spec) {
    return Optional.ofNullable(spec.getBatch())
        .map(BatchSpec::getMultiNode)
        .map(m -> m.getMainNode() == null ? 0 : m.getMainNode());
  }

  private static NodeLayout registeredLayout(int mainNode) {
    return new NodeLayout(Math.max(2, mainNode + 1), mainNode, Optional.of(0));
  }

  /** A container definition for an array cluster, a multinode one for a multi-node cluster. */
  private static void checkKind(JobDefinition definition, String named, boolean multiNode)
      throws BackendException {
    boolean isMultiNode = MultiNodeDefinitions.isMultiNode(definition);
    if (multiNode == isMultiNode || named == null || named.isBlank()) {
      return;
    }
    throw BackendException.permanent(
        "JobDefinitionKindMismatch",
        "job definition "
            + named
            + " (spec.batch.jobDefinition) is of type "
            + definition.type()
            + (multiNode
                ? ": spec.batch.multiNode needs a multinode job definition (node ranges such as"
                    + " 0:, EC2), or leave spec.batch.jobDefinition empty to register one"
                : ": a multinode definition runs one multi-node parallel job; set"
                    + " spec.batch.multiNode, or name a container definition"),
        null);
  }

  private static RegisterJobDefinitionRequest registration(String name, WorkerTemplate template) {
    return RegisterJobDefinitionRequest.builder()
        .jobDefinitionName(name)
        .type(JobDefinitionType.CONTAINER)
        .containerProperties(container(template))
        .tags(Map.of(BatchTags.MANAGED_BY, BatchTags.OPERATOR))
        .build();
  }

  private static ContainerProperties container(WorkerTemplate template) {
    return ContainerProperties.builder()
        .image(template.getImage())
        .jobRoleArn(isBlank(template.getRoleArn()) ? null : template.getRoleArn())
        .resourceRequirements(
            ResourceRequirement.builder()
                .type(ResourceType.VCPU)
                .value(plain(vcpus(template)))
                .build(),
            ResourceRequirement.builder()
                .type(ResourceType.MEMORY)
                .value(Integer.toString(memory(template)))
                .build())
        .build();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static double vcpus(WorkerTemplate template) {
    return template.getVcpus() == null ? DEFAULT_VCPUS : template.getVcpus();
  }

  private static int memory(WorkerTemplate template) {
    return template.getMemory() == null ? DEFAULT_MEMORY_MIB : template.getMemory();
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
