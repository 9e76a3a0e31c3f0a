package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What every worker runs: the agent wraps this command. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerTemplate {
  @Size(max = 255)
  @JsonPropertyDescription(
      "Container image of the worker (batch and ecs; at most 255 characters, as Batch and ECS"
          + " allow). It must contain the worker agent as its entrypoint (see worker-image/).")
  private String image;

  @JsonPropertyDescription(
      "The workload command the agent runs once registered. Empty: the agent idles and"
          + " heartbeats until stopped. At most 256 items.")
  @Size(max = 256)
  private List<String> command = new ArrayList<>();

  @Size(max = 256)
  @JsonPropertyDescription("Arguments appended to command (at most 256).")
  private List<String> args = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription("Environment variables for the workload (at most 100).")
  private List<EnvVar> env = new ArrayList<>();

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription(
      "TCP port the workload listens on (1 to 65535), registered with each worker's address"
          + " (the agent's ACM_WORKER_PORT): drivers connect to address:port, and the workers'"
          + " EndpointSlices list it as port workload. Empty: the workload listens nowhere.")
  private Integer port;

  @Min(0)
  @Max(1024)
  @JsonPropertyDescription(
      "vCPUs per worker (batch and ecs), for example 1 or 0.25; at most 1024 (no EC2 instance"
          + " has more).")
  private Double vcpus;

  @Min(0)
  @Max(33554432)
  @JsonPropertyDescription(
      "Memory per worker in MiB (batch and ecs); at most 33554432 (32 TiB, the largest EC2"
          + " instance).")
  private Integer memory;

  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
  @Size(max = 2048)
  @JsonPropertyDescription(
      "IAM role the worker runs with when the operator registers the job or task definition from"
          + " this template (Batch jobRoleArn, ECS taskRoleArn). Required then for batch and ecs:"
          + " the agent reads its cluster's token from Secrets Manager with it, so it needs"
          + " secretsmanager:GetSecretValue on aws-cluster-operator/* (the deploy/aws stacks'"
          + " JobRoleArn and TaskRoleArn outputs have it).")
  private String roleArn;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Double getVcpus() {
    return vcpus;
  }

  public void setVcpus(Double vcpus) {
    this.vcpus = vcpus;
  }

  public Integer getMemory() {
    return memory;
  }

  public void setMemory(Integer memory) {
    this.memory = memory;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }
}
