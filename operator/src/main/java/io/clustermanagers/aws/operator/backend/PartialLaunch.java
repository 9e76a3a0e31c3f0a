package io.clustermanagers.aws.operator.backend;

import java.util.List;

/**
 * What a launch that failed part way is known to have done: {@code launched} exist, the sequences
 * {@code [unknownFirst, unknownEnd)} may or may not exist (a call whose answer was lost), and every
 * other sequence of the request was not launched (never sent, or refused by the backend).
 */
public record PartialLaunch(List<BackendWorker> launched, long unknownFirst, long unknownEnd) {
  public PartialLaunch {
    launched = List.copyOf(launched);
  }

  /** Every sequence's outcome is known: {@code launched} exist, the rest do not. */
  public static PartialLaunch known(List<BackendWorker> launched) {
    return new PartialLaunch(launched, 0, 0);
  }
}
