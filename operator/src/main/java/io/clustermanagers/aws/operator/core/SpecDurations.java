package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses the spec's Go-style durations ({@code 25m}, {@code 1h30m}, {@code 45s}). */
final class SpecDurations {
  private static final Pattern FORMAT = Pattern.compile(AwsClusterSpec.DURATION_PATTERN);

  private SpecDurations() {}

  /** The duration, or empty when the text is not of the form {@code [Nh][Nm][Ns]}. */
  static Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty() || !FORMAT.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(Duration.parse("PT" + text.toUpperCase(Locale.ROOT)));
  }
}
