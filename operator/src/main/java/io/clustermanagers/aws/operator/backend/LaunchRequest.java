package io.clustermanagers.aws.operator.backend;

/** Launch the workers with sequence numbers {@code first} to {@code end - 1}. */
public record LaunchRequest(long first, int count) {
  public LaunchRequest {
    if (first < 0 || count < 1) {
      throw new IllegalArgumentException("first must be >= 0 and count >= 1");
    }
  }

  public long end() {
    return first + count;
  }
}
