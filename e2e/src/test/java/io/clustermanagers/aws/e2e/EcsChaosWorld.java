package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.EcsNetworkConfiguration;
import io.clustermanagers.aws.api.v1alpha1.EcsSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * ECS on moto, tasks kept in their state: operator → {@link FaultProxy} → moto. Tasks are read
 * straight from moto (ListTasks, DescribeTasks with tags). A task's launch sequence is read as the
 * operator reads it: the RunTask call's first sequence (its {@code acm-seq:} group) plus the task's
 * rank by task id among that call's tasks, stopped ones included; so a call launched twice shows as
 * two tasks with one sequence, or as more tasks than wanted.
 */
final class EcsChaosWorld implements ChaosWorld {
  private static final String ECS_CLUSTER = "chaos-workers";
  private final MotoServer moto;
  private final FaultProxy faults;
  private final EcsClient direct;
  private final SecretsManagerClient secrets;
  private final List<String> subnets;
  private final List<String> securityGroups;

  private EcsChaosWorld(MotoServer moto, FaultProxy faults) throws Exception {
    this.moto = moto;
    this.faults = faults;
    this.direct =
        EcsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(MotoServer.CREDENTIALS)
            .build();
    this.secrets = AwsChaosSupport.secrets(moto.endpoint());
    moto.keepEcsTasksRunning();
    direct.createCluster(b -> b.clusterName(ECS_CLUSTER));
    subnets = MotoServer.values(moto.ec2("DescribeSubnets"), "subnetId");
    securityGroups = MotoServer.values(moto.ec2("DescribeSecurityGroups"), "groupId").subList(0, 1);
  }

  static EcsChaosWorld start(long seed, Duration timeoutHold) throws Exception {
    MotoServer moto = MotoServer.start();
    FaultProxy faults = null;
    try {
      faults = new FaultProxy(moto.endpoint(), seed, timeoutHold);
      return new EcsChaosWorld(moto, faults);
    } catch (Exception | Error e) {
      if (faults != null) {
        faults.close();
      }
      moto.close();
      throw e;
    }
  }

  @Override
  public String backend() {
    return "ecs";
  }

  @Override
  public void customize(AwsClusterSpec spec) {
    spec.getTemplate().setImage("public.ecr.aws/acm/worker:test");
    spec.getTemplate().setVcpus(0.5);
    spec.getTemplate().setRoleArn("arn:aws:iam::123456789012:role/aws-cluster-operator/worker");
    EcsSpec ecs = new EcsSpec();
    ecs.setCluster(ECS_CLUSTER);
    ecs.setLaunchType("FARGATE");
    EcsNetworkConfiguration network = new EcsNetworkConfiguration();
    network.setSubnets(subnets);
    network.setSecurityGroups(securityGroups);
    ecs.setNetworkConfiguration(network);
    spec.setEcs(ecs);
  }

  @Override
  public Map<String, String> operatorEnvironment() {
    return AwsChaosSupport.environment("ecs", faults.endpoint());
  }

  @Override
  public List<LiveWorker> live() {
    List<Task> described = new ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      List<String> arns =
          direct
              .listTasksPaginator(b -> b.cluster(ECS_CLUSTER).desiredStatus(status))
              .taskArns()
              .stream()
              .toList();
      for (int i = 0; i < arns.size(); i += 100) {
        List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
        described.addAll(
            direct
                .describeTasks(b -> b.cluster(ECS_CLUSTER).tasks(chunk).include(TaskField.TAGS))
                .tasks());
      }
    }
    return liveWorkers(described);
  }

  /**
   * The live workers among tasks described in the order given. The two listings are not one
   * snapshot: a task stopped between them is described twice (running, then stopped). It counts
   * once, as last described; counted twice it would push the ranks of its call's later tasks up by
   * one, onto the next call's sequences, and show a duplicate that does not exist.
   */
  static List<LiveWorker> liveWorkers(List<Task> described) {
    Map<String, Task> byArn = new LinkedHashMap<>();
    described.forEach(t -> byArn.put(t.taskArn(), t));
    Map<String, List<Task>> byCall =
        byArn.values().stream()
            .collect(Collectors.groupingBy(t -> t.startedBy() + " " + t.group()));
    List<LiveWorker> live = new ArrayList<>();
    byCall.forEach(
        (call, callTasks) -> {
          List<Task> ranked =
              callTasks.stream().sorted(Comparator.comparing(EcsChaosWorld::id)).toList();
          long first = first(ranked.get(0).group());
          for (int k = 0; k < ranked.size(); k++) {
            Task t = ranked.get(k);
            if (!"STOPPED".equals(t.lastStatus()) && !"STOPPED".equals(t.desiredStatus())) {
              live.add(new LiveWorker(cluster(t), first + k, id(t)));
            }
          }
        });
    return live;
  }

  private static String id(Task t) {
    return t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1);
  }

  private static long first(String group) {
    return group != null && group.startsWith("acm-seq:")
        ? Long.parseLong(group.substring("acm-seq:".length()))
        : -1;
  }

  /** From the tags; StopTask deletes them, but only running tasks are asked for. */
  private static String cluster(Task t) {
    Map<String, String> tags =
        t.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    return tags.getOrDefault("acm/namespace", "?") + "/" + tags.getOrDefault("acm/name", "?");
  }

  @Override
  public List<String> tokenSecrets(String cluster) {
    return AwsChaosSupport.tokenSecrets(secrets, cluster);
  }

  @Override
  public FaultCount faults() {
    return AwsChaosSupport.faults(faults);
  }

  @Override
  public void injectFaults(double rate, Set<FaultProxy.Fault> kinds) {
    faults.only(kinds);
    faults.rate(rate);
  }

  @Override
  public void close() {
    direct.close();
    secrets.close();
    faults.close();
    moto.close();
  }
}
