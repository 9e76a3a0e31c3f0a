package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsCluster;

/**
 * Each cluster's coordinator token: a Kubernetes Secret owned by the AwsCluster in operator mode, a
 * random in-memory one in standalone mode.
 */
public interface TokenSource {
  java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * The token cannot be had now for a reason the user can fix (e.g. a Secret of that name that this
   * cluster does not own); the message says what to do.
   */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  /** A new token: 32 random bytes, base64url without padding (safe in an HTTP header). */
  static String newRandomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The cluster's token, created on first use. */
  String tokenFor(AwsCluster cluster);

  /** The name of the Secret that holds it, if there is one. */
  default String secretName(AwsCluster cluster) {
    return null;
  }

  /** Drops a deleted cluster's token from any cache. */
  default void forget(AwsCluster cluster) {}
}
