package io.clustermanagers.aws.operator.core;

/** One thing wrong with a spec: the field's path and what is wrong with it. */
public record SpecError(String field, String problem) {
  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
