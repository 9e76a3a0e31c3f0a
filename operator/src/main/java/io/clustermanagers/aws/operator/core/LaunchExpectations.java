package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.LaunchIntent;
import io.clustermanagers.aws.operator.backend.BackendWorker;
import io.clustermanagers.aws.operator.backend.PartialLaunch;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Launches this operator made (or an earlier leader was making) that the backend does not show yet
 * (ListJobs and ListTasks lag behind SubmitJob and RunTask; a call of an ex-leader may still be in
 * flight). Their workers count as pending until the backend shows them or until {@link #GRACE}
 * after the launch was recorded; after that they are taken as never launched and replaced. The
 * source is {@code status.launchesInFlight}, recorded with {@code status.nextLaunchSequence} before
 * each launch.
 */
final class LaunchExpectations {
  /**
   * How long an unseen launch counts as pending. Longer than the slowest launch call can last: the
   * AWS SDK's standard retries make up to 3 attempts of at most 35 s each (5 s connect, 30 s
   * socket) with up to 20 s of backoff between them, about 2.5 minutes; lists catch up within
   * seconds. A launch that never shows is replaced this late, which is the price of no duplicate.
   */
  static final Duration GRACE = Duration.ofMinutes(3);

  /** At most this many launches are remembered; older ones are dropped first. */
  static final int MAX_REMEMBERED = 20;

  private final List<LaunchIntent> intents;
  private final int unseen;

  private LaunchExpectations(List<LaunchIntent> intents, int unseen) {
    this.intents = List.copyOf(intents);
    this.unseen = unseen;
  }

  static LaunchExpectations none() {
    return new LaunchExpectations(List.of(), 0);
  }

  /** The recorded launches still expected: not all seen, and within their grace. */
  static LaunchExpectations of(
      List<LaunchIntent> recorded, List<BackendWorker> observed, Instant now) {
    Set<Long> seen =
        observed.stream().map(BackendWorker::launchSequence).collect(Collectors.toSet());
    List<LaunchIntent> kept = new ArrayList<>();
    int unseen = 0;
    for (LaunchIntent intent : recorded == null ? List.<LaunchIntent>of() : recorded) {
      Optional<Instant> at = recordedAt(intent);
      if (at.isEmpty() || !now.isBefore(at.get().plus(GRACE))) {
        continue;
      }
      int missing = missing(intent, seen);
      if (missing > 0) {
        kept.add(intent);
        unseen += missing;
      }
    }
    return new LaunchExpectations(kept, unseen);
  }

  /** Workers launched but not seen yet: they count as pending. */
  int unseen() {
    return unseen;
  }

  /** When the oldest expected launch is given up on, if any is expected. */
  Optional<Instant> nextExpiry() {
    return intents.stream()
        .map(LaunchExpectations::recordedAt)
        .flatMap(Optional::stream)
        .min(Instant::compareTo)
        .map(t -> t.plus(GRACE));
  }

  /** These expectations and a launch of {@code [first, end)} recorded at {@code now}. */
  LaunchExpectations with(long first, long end, Instant now) {
    if (end <= first) {
      return this;
    }
    List<LaunchIntent> all = new ArrayList<>(intents);
    all.add(new LaunchIntent(first, end, now.toString()));
    while (all.size() > MAX_REMEMBERED) {
      all.remove(0);
    }
    return new LaunchExpectations(all, unseen + (int) (end - first));
  }

  /**
   * After a launch of {@code [first, end)} returned: only the sequence numbers it launched stay
   * expected (the rest are known not to exist), with their grace counted from now.
   */
  LaunchExpectations afterLaunch(long first, long end, List<BackendWorker> launched, Instant now) {
    List<LaunchIntent> all = new ArrayList<>(intents);
    all.removeIf(i -> i.getFirstSequence() == first && i.getEndSequence() == end);
    LaunchExpectations rest = new LaunchExpectations(all, 0);
    long low = launched.stream().mapToLong(BackendWorker::launchSequence).min().orElse(end);
    long high = launched.stream().mapToLong(BackendWorker::launchSequence).max().orElse(low - 1);
    return rest.with(low, high + 1, now);
  }

  /**
   * After a launch of {@code [first, end)} failed part way, as the backend knows it: what it
   * launched and the sequences of unknown outcome stay expected, the rest are known not to exist.
   */
  LaunchExpectations afterPartialLaunch(long first, long end, PartialLaunch partial, Instant now) {
    LaunchExpectations rest = afterLaunch(first, end, partial.launched(), now);
    return partial.unknownEnd() > partial.unknownFirst()
        ? rest.with(partial.unknownFirst(), partial.unknownEnd(), now)
        : rest;
  }

  /**
   * The expected launches recorded before {@code before}: not shown yet although a call (this
   * process's, or an earlier leader's) had time to be seen.
   */
  List<LaunchIntent> recordedBefore(Instant before) {
    return intents.stream()
        .filter(i -> recordedAt(i).map(at -> at.isBefore(before)).orElse(false))
        .toList();
  }

  List<LaunchIntent> toStatus() {
    return intents;
  }

  private static int missing(LaunchIntent intent, Set<Long> seen) {
    long first = intent.getFirstSequence() == null ? 0 : intent.getFirstSequence();
    long end = intent.getEndSequence() == null ? first : intent.getEndSequence();
    int missing = 0;
    for (long seq = first; seq < end; seq++) {
      if (!seen.contains(seq)) {
        missing++;
      }
    }
    return missing;
  }

  /** When the launch was recorded; empty if its timestamp does not parse. */
  static Optional<Instant> recordedAt(LaunchIntent intent) {
    try {
      return Optional.ofNullable(intent.getRecordedAt()).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
