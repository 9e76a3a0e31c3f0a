package io.clustermanagers.aws.agent;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Reads the cluster's bearer token from {@code ACM_TOKEN} or the file {@code ACM_TOKEN_FILE}. */
final class ClusterToken {

  static final String TOKEN = "ACM_TOKEN";
  static final String TOKEN_FILE = "ACM_TOKEN_FILE";

  private ClusterToken() {}

  /** The trimmed token; error messages name the variable and never contain the token. */
  static String read(EnvironmentVariables env, Function<Path, String> fileReader) {
    Optional<String> direct = env.optional(TOKEN);
    if (direct.isPresent()) {
      return checked(direct.get(), TOKEN);
    }
    String file =
        env.optional(TOKEN_FILE)
            .orElseThrow(
                () -> new InvalidConfigException(TOKEN + " or " + TOKEN_FILE + " is required"));
    String token = readFile(file, fileReader).trim();
    if (token.isEmpty()) {
      throw new InvalidConfigException(TOKEN_FILE + ": the file " + file + " is empty");
    }
    return checked(token, TOKEN_FILE);
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
