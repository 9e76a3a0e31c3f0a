package io.clustermanagers.aws.operator.backend.ecs;

import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import io.clustermanagers.aws.api.v1alpha1.WorkerTemplate;
import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.Sha256;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * The task definition a cluster's tasks run and the container that runs the agent: the spec's own,
 * or one registered from the worker template under a family named by the hash of its content, so an
 * unchanged template reuses it (also across restarts) and a changed one gets a new family. Answers
 * are cached: a steady cluster makes no calls here.
 */
final class EcsTaskDefinitions {
  static final String DEFAULT_CONTAINER = "worker";
  private static final int[] FARGATE_CPU = {256, 512, 1024, 2048, 4096, 8192, 16384};
  private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

  /** What RunTask needs: the task definition to run and the container to override. */
  record Resolved(String taskDefinition, String containerName) {}

  /** Keys carry the region: one backend serves clusters in several regions. */
  Resolved resolve(EcsTasks ecs, EcsSpec spec, WorkerTemplate template) throws BackendException {
    String region = ecs.regionName();
    if (spec.getTaskDefinition() != null && !spec.getTaskDefinition().isBlank()) {
      if (spec.getContainerName() != null && !spec.getContainerName().isBlank()) {
        return new Resolved(spec.getTaskDefinition(), spec.getContainerName());
      }
      String key = region + "|given|" + spec.getTaskDefinition();
      Resolved cached = cache.get(key);
      if (cached == null) {
        cached = new Resolved(spec.getTaskDefinition(), firstContainer(ecs, spec));
        cache.put(key, cached);
      }
      return cached;
    }
    RegisterTaskDefinitionRequest request = registration(spec, template);
    String key = region + "|" + request.family();
    Resolved cached = cache.get(key);
    if (cached == null) {
      cached =
          new Resolved(registerOrFind(ecs, request), request.containerDefinitions().get(0).name());
      cache.put(key, cached);
    }
    return cached;
  }

  /** The registration for a template; its family is {@code acm-} and 12 hex digits of its hash. */
  static RegisterTaskDefinitionRequest registration(EcsSpec spec, WorkerTemplate template) {
    String container =
        spec.getContainerName() == null || spec.getContainerName().isBlank()
            ? DEFAULT_CONTAINER
            : spec.getContainerName();
    int cpu = fargateCpu(template.getVcpus());
    int memory = template.getMemory() != null ? template.getMemory() : cpu * 2;
    String role = template.getRoleArn() == null ? "" : template.getRoleArn().trim();
    String content =
        String.join("|", container, template.getImage(), cpu + "", memory + "")
            + (role.isEmpty() ? "" : "|" + role);
    return RegisterTaskDefinitionRequest.builder()
        .family("acm-" + Sha256.hex(content).substring(0, 12))
        .networkMode(NetworkMode.AWSVPC)
        .requiresCompatibilities(Compatibility.FARGATE, Compatibility.EC2)
        .cpu(Integer.toString(cpu))
        .memory(Integer.toString(memory))
        .taskRoleArn(role.isEmpty() ? null : role)
        .containerDefinitions(
            ContainerDefinition.builder()
                .name(container)
                .image(template.getImage())
                .essential(true)
                .memory(memory) // the whole task's memory as the container's limit
                .stopTimeout(30)
                .build())
        .build();
  }

  /** The smallest Fargate CPU size (in units of 1/1024 vCPU) that holds the requested vCPUs. */
  static int fargateCpu(Double vcpus) {
    double wanted = vcpus == null ? 0.25 : vcpus;
    for (int cpu : FARGATE_CPU) {
      if (cpu >= wanted * 1024) {
        return cpu;
      }
    }
    return FARGATE_CPU[FARGATE_CPU.length - 1];
  }

  private static String registerOrFind(EcsTasks ecs, RegisterTaskDefinitionRequest request)
      throws BackendException {
    try {
      TaskDefinition existing = ecs.describeTaskDefinition(request.family());
      if (existing != null && "ACTIVE".equals(existing.statusAsString())) {
        return existing.taskDefinitionArn();
      }
    } catch (BackendException e) {
      if (!EcsTasks.TASK_DEFINITION_NOT_FOUND.equals(e.reason())) {
        throw e;
      }
      // the family does not exist yet
    }
    return ecs.registerTaskDefinition(request);
  }

  private static String firstContainer(EcsTasks ecs, EcsSpec spec) throws BackendException {
    List<ContainerDefinition> containers;
    try {
      containers = ecs.describeTaskDefinition(spec.getTaskDefinition()).containerDefinitions();
    } catch (BackendException e) {
      if (!EcsTasks.TASK_DEFINITION_NOT_FOUND.equals(e.reason())) {
        throw e;
      }
      throw BackendException.permanent(
          EcsTasks.TASK_DEFINITION_NOT_FOUND,
          e.getMessage()
              .replaceFirst(
                  " cannot be described", " (spec.ecs.taskDefinition) cannot be described"),
          e.getCause());
    }
    if (containers.isEmpty()) {
      throw BackendException.permanent(
          "InvalidTaskDefinition",
          "task definition "
              + spec.getTaskDefinition()
              + " (spec.ecs.taskDefinition) has no"
              + " containers",
          null);
    }
    return containers.get(0).name();
  }
}
