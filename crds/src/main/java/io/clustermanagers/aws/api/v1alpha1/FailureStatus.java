package io.clustermanagers.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Consecutive worker failures: the input of replacement backoff and of the Degraded condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureStatus {
  @JsonPropertyDescription(
      "Workers that failed since the cluster was last fully ready; replacements wait"
          + " exponentially longer as it grows.")
  private Integer consecutive;

  @JsonPropertyDescription("When the last failure was seen.")
  private String lastFailureTime;

  @JsonPropertyDescription("Why the last worker failed.")
  private String lastFailureReason;

  @JsonPropertyDescription(
      "End time of the newest failed worker already counted, so no failure is counted twice.")
  private String countedThrough;

  @JsonPropertyDescription(
      "Workers that ended because their capacity was taken back (Spot interruptions): replaced"
          + " without backoff and not counted as failures.")
  private Integer interruptions;

  public FailureStatus() {}

  public FailureStatus(
      Integer consecutive,
      String lastFailureTime,
      String lastFailureReason,
      String countedThrough,
      Integer interruptions) {
    this.consecutive = consecutive;
    this.lastFailureTime = lastFailureTime;
    this.lastFailureReason = lastFailureReason;
    this.countedThrough = countedThrough;
    this.interruptions = interruptions;
  }

  public Integer getInterruptions() {
    return interruptions;
  }

  public void setInterruptions(Integer interruptions) {
    this.interruptions = interruptions;
  }

  public Integer getConsecutive() {
    return consecutive;
  }

  public void setConsecutive(Integer consecutive) {
    this.consecutive = consecutive;
  }

  public String getLastFailureTime() {
    return lastFailureTime;
  }

  public void setLastFailureTime(String lastFailureTime) {
    this.lastFailureTime = lastFailureTime;
  }

  public String getLastFailureReason() {
    return lastFailureReason;
  }

  public void setLastFailureReason(String lastFailureReason) {
    this.lastFailureReason = lastFailureReason;
  }

  public String getCountedThrough() {
    return countedThrough;
  }

  public void setCountedThrough(String countedThrough) {
    this.countedThrough = countedThrough;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailureStatus f
        && Objects.equals(consecutive, f.consecutive)
        && Objects.equals(lastFailureTime, f.lastFailureTime)
        && Objects.equals(lastFailureReason, f.lastFailureReason)
        && Objects.equals(countedThrough, f.countedThrough)
        && Objects.equals(interruptions, f.interruptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(consecutive, lastFailureTime, lastFailureReason, countedThrough);
  }
}
