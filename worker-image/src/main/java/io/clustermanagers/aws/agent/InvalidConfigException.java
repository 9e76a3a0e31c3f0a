package io.clustermanagers.aws.agent;

/** The agent's environment is missing a variable or holds a value it cannot use. */
public final class InvalidConfigException extends RuntimeException {

  public InvalidConfigException(String message) {
    super(message);
  }
}
