package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A set of N workers on AWS Batch, ECS or local processes that join a coordinator. */
@Group(AwsCluster.GROUP)
@Version(AwsCluster.VERSION)
@Kind("AwsCluster")
@Plural("awsclusters")
@ShortNames("awsc")
@AdditionalPrinterColumn(
    name = "Backend",
    jsonPath = ".spec.backend",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Desired",
    jsonPath = ".spec.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Coordinator",
    jsonPath = ".status.coordinator.url",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class AwsCluster extends CustomResource<AwsClusterSpec, AwsClusterStatus>
    implements Namespaced {
  public static final String GROUP = "aws.clustermanagers.io";
  public static final String VERSION = "v1alpha1";

  @Override
  @Required
  @JsonPropertyDescription(
      "What the user asks for: the backend, how many workers, what they run and when they"
          + " count as ready.")
  public AwsClusterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed, written only by the operator: worker counts, phase,"
          + " conditions and where the coordinator is.")
  public AwsClusterStatus getStatus() {
    return super.getStatus();
  }
}
