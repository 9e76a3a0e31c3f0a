package io.clustermanagers.aws.operator.backend.aws;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How the AWS clients are built, and how workers on AWS get their token.
 *
 * @param endpoint an endpoint override for every service (an emulator); empty: the SDK's own
 *     resolution, which honours {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_BATCH/_ECS}
 * @param defaultRegion the region when a spec names none; empty: the SDK's region chain
 * @param credentials empty: the SDK's default chain (IRSA, EKS Pod Identity, env, profile)
 * @param interceptors added to every client (metrics, tests counting calls)
 * @param tokenDelivery how an AWS worker's agent gets the cluster's token
 */
public record AwsSettings(
    Optional<URI> endpoint,
    Optional<String> defaultRegion,
    Optional<AwsCredentialsProvider> credentials,
    List<ExecutionInterceptor> interceptors,
    TokenDelivery.Mode tokenDelivery) {

  public static final AwsSettings FROM_ENVIRONMENT =
      new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  public AwsSettings {
    interceptors = List.copyOf(interceptors);
  }

  /** With the default token delivery (a Secrets Manager secret per cluster). */
  public AwsSettings(
      Optional<URI> endpoint,
      Optional<String> defaultRegion,
      Optional<AwsCredentialsProvider> credentials,
      List<ExecutionInterceptor> interceptors) {
    this(endpoint, defaultRegion, credentials, interceptors, TokenDelivery.Mode.SECRETS_MANAGER);
  }
}
