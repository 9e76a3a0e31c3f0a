package io.clustermanagers.aws.e2e;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * What a real kube-apiserver answered when it refused a write: the HTTP status, the message and the
 * causes (one per field error) of its Status.
 */
record ServerRejection(int code, String message, List<StatusCause> causes) {
  /**
   * Added whenever a schema error stops the CEL rules from running, with the field "&lt;nil&gt;":
   * not a field error of the object.
   */
  static final String RULES_SKIPPED = "some validation rules were not checked";

  static ServerRejection of(KubernetesClientException e) {
    Optional<Status> status = Optional.ofNullable(e.getStatus());
    return new ServerRejection(
        e.getCode(),
        status.map(Status::getMessage).orElse(e.getMessage()),
        status
            .map(Status::getDetails)
            .map(d -> d.getCauses() == null ? List.<StatusCause>of() : d.getCauses())
            .orElse(List.of()));
  }

  /** The causes that are field errors of the object (without the rules-skipped notice). */
  List<StatusCause> fieldErrors() {
    return causes.stream()
        .filter(c -> c.getMessage() == null || !c.getMessage().contains(RULES_SKIPPED))
        .toList();
  }

  /**
   * The field each error names. The scale subresource's check of {@code spec.replicas} writes its
   * path as a JSONPath (".spec.replicas"), next to the schema's own error: the same field.
   */
  List<String> fields() {
    return fieldErrors().stream()
        .map(StatusCause::getField)
        .map(f -> f != null && f.startsWith(".") ? f.substring(1) : f)
        .toList();
  }
}
