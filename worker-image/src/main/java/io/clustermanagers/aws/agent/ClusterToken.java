package io.clustermanagers.aws.agent;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the cluster's bearer token from {@code ACM_TOKEN}, the file {@code ACM_TOKEN_FILE}, or the
 * Secrets Manager secret {@code ACM_TOKEN_SECRET_ARN} (what the operator gives AWS workers, so that
 * the token is not in the job's or task's environment for anyone allowed to describe it).
 */
final class ClusterToken {

  static final String TOKEN = "ACM_TOKEN";
  static final String TOKEN_FILE = "ACM_TOKEN_FILE";
  static final String TOKEN_SECRET_ARN = "ACM_TOKEN_SECRET_ARN";

  private ClusterToken() {}

  /** The trimmed token; error messages name the variable and never contain the token. */
  static String read(EnvironmentVariables env, ConfigLookups lookups) {
    Optional<String> direct = env.optional(TOKEN);
    if (direct.isPresent()) {
      return checked(direct.get(), TOKEN);
    }
    Optional<String> secret = env.optional(TOKEN_SECRET_ARN);
    if (env.optional(TOKEN_FILE).isEmpty() && secret.isPresent()) {
      return checked(readSecret(secret.get(), lookups.secretReader()).trim(), TOKEN_SECRET_ARN);
    }
    String file =
        env.optional(TOKEN_FILE)
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        TOKEN + ", " + TOKEN_FILE + " or " + TOKEN_SECRET_ARN + " is required"));
    Function<Path, String> fileReader = lookups.fileReader();
    String token = readFile(file, fileReader).trim();
    if (token.isEmpty()) {
      throw new InvalidConfigException(TOKEN_FILE + ": the file " + file + " is empty");
    }
    return checked(token, TOKEN_FILE);
  }

  private static String readSecret(String arn, Function<String, String> secretReader) {
    try {
      SecretsManagerLookup.regionOf(arn);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          TOKEN_SECRET_ARN + ": " + arn + " is not a Secrets Manager secret ARN");
    }
    try {
      return secretReader.apply(arn);
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          TOKEN_SECRET_ARN + ": cannot read " + arn + " (" + e.getMessage() + ")");
    }
  }

  private static String readFile(String file, Function<Path, String> fileReader) {
    try {
      return fileReader.apply(Path.of(file));
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidConfigException(
          TOKEN_FILE + ": cannot read " + file + " (" + cause.getClass().getSimpleName() + ")");
    }
  }

  private static String checked(String token, String source) {
    boolean printable = token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    if (!printable) {
      throw new InvalidConfigException(
          "the token from "
              + source
              + " contains spaces or characters not allowed in HTTP headers");
    }
    return token;
  }
}
