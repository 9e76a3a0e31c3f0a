package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where the coordinator is; never the token itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CoordinatorStatus {
  @JsonPropertyDescription("URL workers register at and drivers list workers from.")
  private String url;

  @JsonPropertyDescription("Secret (same namespace) holding the cluster's token under key token.")
  private String tokenSecretName;

  @JsonPropertyDescription(
      "Headless Service (same namespace, no selector) whose EndpointSlices list the registered"
          + " workers' addresses and ports; owned by the AwsCluster. Operator mode only.")
  private String workersService;

  public CoordinatorStatus() {}

  public CoordinatorStatus(String url, String tokenSecretName) {
    this(url, tokenSecretName, null);
  }

  public CoordinatorStatus(String url, String tokenSecretName, String workersService) {
    this.url = url;
    this.tokenSecretName = tokenSecretName;
    this.workersService = workersService;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getTokenSecretName() {
    return tokenSecretName;
  }

  public void setTokenSecretName(String tokenSecretName) {
    this.tokenSecretName = tokenSecretName;
  }

  public String getWorkersService() {
    return workersService;
  }

  public void setWorkersService(String workersService) {
    this.workersService = workersService;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoordinatorStatus c
        && Objects.equals(url, c.url)
        && Objects.equals(tokenSecretName, c.tokenSecretName)
        && Objects.equals(workersService, c.workersService);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, tokenSecretName, workersService);
  }
}
