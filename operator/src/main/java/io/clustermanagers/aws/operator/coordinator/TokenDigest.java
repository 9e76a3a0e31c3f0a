package io.clustermanagers.aws.operator.coordinator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a cluster token: the registry keeps this, never the token itself. */
final class TokenDigest {
  private final byte[] sha256;

  private TokenDigest(byte[] sha256) {
    this.sha256 = sha256;
  }

  static TokenDigest of(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return new TokenDigest(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Compares in constant time. */
  boolean matches(TokenDigest other) {
    return MessageDigest.isEqual(sha256, other.sha256);
  }
}
