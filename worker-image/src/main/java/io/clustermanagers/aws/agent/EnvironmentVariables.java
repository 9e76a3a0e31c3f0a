package io.clustermanagers.aws.agent;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and validates variables from an environment map; errors name the variable. */
final class EnvironmentVariables {

  private final Map<String, String> values;

  EnvironmentVariables(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The trimmed value, empty when the variable is unset or blank. */
  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  String required(String name) {
    return optional(name).orElseThrow(() -> new InvalidConfigException(name + " is required"));
  }

  String requiredMatching(String name, Pattern pattern, String what) {
    String value = required(name);
    if (!pattern.matcher(value).matches()) {
      throw new InvalidConfigException(name + " must be " + what + ", got '" + value + "'");
    }
    return value;
  }

  int intInRange(String name, int defaultValue, int min, int max) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    String range = "an integer from " + min + " to " + max;
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed < min || parsed > max) {
        throw new InvalidConfigException(name + " must be " + range + ", got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(name + " must be " + range + ", got '" + value.get() + "'");
    }
  }
}
