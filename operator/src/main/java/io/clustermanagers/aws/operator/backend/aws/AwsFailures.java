package io.clustermanagers.aws.operator.backend.aws;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts AWS failures into permanent ones (a person must act: access denied, a missing or invalid
 * resource) and transient ones (throttling, server errors, network), after the SDK's own retries.
 */
public final class AwsFailures {
  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "ExpiredTokenException",
          "UnauthorizedOperation");

  private AwsFailures() {}

  /** The failure of {@code action} (e.g. "SubmitJob on queue workers") as a backend exception. */
  public static BackendException classify(String action, SdkException failure) {
    if (failure instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
              ? ""
              : service.awsErrorDetails().errorCode();
      String message = action + " failed: " + errorMessage(service) + " (" + code + ")";
      if (service.isThrottlingException()) {
        return BackendException.transientFailure("Throttled", message, failure);
      }
      if (ACCESS_DENIED.contains(code) || service.statusCode() == 403) {
        return BackendException.permanent("AccessDenied", message, failure);
      }
      if (service.statusCode() >= 500) {
        return BackendException.transientFailure("AwsUnavailable", message, failure);
      }
      return BackendException.permanent("AwsRequestRejected", message, failure);
    }
    if (failure instanceof SdkClientException) {
      return BackendException.transientFailure(
          "AwsUnreachable", action + " failed: " + failure.getMessage(), failure);
    }
    return BackendException.transientFailure(
        "AwsError", action + " failed: " + failure.getMessage(), failure);
  }

  private static String errorMessage(AwsServiceException service) {
    return service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
        ? service.awsErrorDetails().errorMessage()
        : service.getMessage();
  }
}
