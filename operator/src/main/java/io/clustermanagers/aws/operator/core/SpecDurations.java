package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import java.time.Duration;
import java.util.List;
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

  /**
   * The duration in {@code value} ({@code fallback} when null), which must be longer than 0s; an
   * error naming {@code field} otherwise (and {@link Duration#ZERO}).
   */
  static Duration positive(String field, String value, String fallback, List<SpecError> errors) {
    String text = value == null ? fallback : value;
    Optional<Duration> parsed = parse(text);
    if (parsed.isEmpty()) {
      errors.add(new SpecError(field, "\"" + text + "\" is not a duration like 30s, 25m or 1h30m"));
      return Duration.ZERO;
    }
    if (parsed.get().isZero()) {
      errors.add(new SpecError(field, "must be longer than 0s"));
    }
    return parsed.get();
  }

  /** The spec's form of a duration: {@code 8h30m}, {@code 45s}, {@code 0s}. */
  static String format(Duration duration) {
    StringBuilder text = new StringBuilder();
    if (duration.toHours() > 0) {
      text.append(duration.toHours()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0 || text.length() == 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    return text.toString();
  }
}
