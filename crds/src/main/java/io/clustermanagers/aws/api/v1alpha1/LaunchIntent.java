package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Launch sequence numbers the operator launched (or was launching) that its backend did not show
 * yet: they count as pending workers until seen or until the grace period after {@code recordedAt}
 * ends, so a lagging list or an earlier leader's launch still in flight is not launched twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LaunchIntent {
  @JsonPropertyDescription("The first launch sequence number of the launch.")
  private Long firstSequence;

  @JsonPropertyDescription("The launch sequence number after the last one of the launch.")
  private Long endSequence;

  @JsonPropertyDescription("When the launch was recorded (before it) or returned.")
  private String recordedAt;

  public LaunchIntent() {}

  public LaunchIntent(Long firstSequence, Long endSequence, String recordedAt) {
    this.firstSequence = firstSequence;
    this.endSequence = endSequence;
    this.recordedAt = recordedAt;
  }

  public Long getFirstSequence() {
    return firstSequence;
  }

  public void setFirstSequence(Long firstSequence) {
    this.firstSequence = firstSequence;
  }

  public Long getEndSequence() {
    return endSequence;
  }

  public void setEndSequence(Long endSequence) {
    this.endSequence = endSequence;
  }

  public String getRecordedAt() {
    return recordedAt;
  }

  public void setRecordedAt(String recordedAt) {
    this.recordedAt = recordedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LaunchIntent that
        && Objects.equals(firstSequence, that.firstSequence)
        && Objects.equals(endSequence, that.endSequence)
        && Objects.equals(recordedAt, that.recordedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(firstSequence, endSequence, recordedAt);
  }
}
