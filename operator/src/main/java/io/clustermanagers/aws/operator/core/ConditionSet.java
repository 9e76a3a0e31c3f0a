package io.clustermanagers.aws.operator.core;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterStatus;
import io.clustermanagers.aws.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Ready, Progressing and Degraded conditions and the phase that sums them up. */
final class ConditionSet {
  private final ClusterFacts facts;
  private final AwsClusterStatus status;
  private final int degradedAfter;

  private final Optional<GangFacts> gang;

  ConditionSet(ClusterFacts facts, AwsClusterStatus status, int degradedAfter) {
    this.facts = facts;
    this.status = status;
    this.degradedAfter = degradedAfter;
    this.gang =
        facts
            .desired()
            .flatMap(d -> d.gang().map(policy -> new GangFacts(policy, d, facts.workers())));
  }

  Condition ready(List<Condition> old, Instant now) {
    if (facts.problem().isPresent()) {
      return condition(
          old,
          Conditions.READY,
          false,
          facts.problem().get().reason(),
          facts.problem().get().message(),
          now);
    }
    DesiredCluster desired = facts.desired().orElseThrow();
    if (facts.deleting()) {
      return condition(
          old,
          Conditions.READY,
          false,
          "Terminating",
          "the cluster is being deleted; " + stopping() + " workers stopping",
          now);
    }
    if (desired.suspend()) {
      return condition(old, Conditions.READY, false, "Suspended", "the cluster is suspended", now);
    }
    Optional<LimitConditions.Verdict> over = LimitConditions.ready(facts);
    if (over.isPresent()) {
      return condition(old, Conditions.READY, over.get(), now);
    }
    int ready = status.getReadyReplicas();
    String counts =
        ready
            + " of "
            + desired.replicas()
            + " workers ready (minReady "
            + desired.minReady()
            + ")"
            + facts.limit().map(l -> "; " + l.message()).orElse("");
    if (ready >= desired.minReady()) {
      return condition(old, Conditions.READY, true, "MinReadyReached", counts, now);
    }
    if (facts.limit().filter(l -> l.maxWorkers() < desired.minReady()).isPresent()) {
      return condition(old, Conditions.READY, false, WorkerLimit.REASON, counts, now);
    }
    return condition(
        old,
        Conditions.READY,
        false,
        "WaitingForWorkers",
        counts
            + "; "
            + status.getPendingReplicas()
            + " launched and not yet registered"
            + pendingReason(),
        now);
  }

  Condition progressing(List<Condition> old, Instant now) {
    if (facts.problem().isPresent()) {
      return condition(
          old,
          Conditions.PROGRESSING,
          false,
          facts.problem().get().reason(),
          facts.problem().get().permanent()
              ? "nothing is launched until the problem is fixed"
              : "retrying with backoff",
          now);
    }
    DesiredCluster desired = facts.desired().orElseThrow();
    boolean lifetimeOver = facts.lifetimeOver().isPresent();
    int target = facts.deleting() || lifetimeOver ? 0 : desired.targetReplicas();
    int active = status.getReplicas();
    Optional<GangFacts.Verdict> replacing =
        facts.deleting() ? Optional.empty() : gang.flatMap(GangFacts::progressing);
    if (replacing.isPresent()) {
      GangFacts.Verdict v = replacing.get();
      String backoff =
          facts
              .launchBlockedUntil()
              .map(t -> "; the new job waits until " + t + " (backoff after failures)")
              .orElse("");
      return condition(
          old, Conditions.PROGRESSING, v.status(), v.reason(), v.message() + backoff, now);
    }
    if (facts.launchBlockedUntil().isPresent() && active < target) {
      return condition(
          old,
          Conditions.PROGRESSING,
          true,
          "BackingOff",
          "waiting until "
              + facts.launchBlockedUntil().get()
              + " before replacing failed workers ("
              + active
              + " of "
              + target
              + " exist)",
          now);
    }
    Optional<LimitConditions.Verdict> limited = LimitConditions.limited(facts, active, target);
    if (limited.isPresent()) {
      return condition(old, Conditions.PROGRESSING, limited.get(), now);
    }
    if (active < target) {
      return condition(
          old,
          Conditions.PROGRESSING,
          true,
          "ScalingUp",
          active + " of " + target + " workers launched",
          now);
    }
    if (lifetimeOver && !facts.deleting() && !desired.suspend()) {
      return condition(
          old,
          Conditions.PROGRESSING,
          LimitConditions.lifetimeOver(facts, stopping() + active).orElseThrow(),
          now);
    }
    if (stopping() > 0 || active > target) {
      String reason =
          facts.deleting() ? "Terminating" : desired.suspend() ? "Suspending" : "ScalingDown";
      return condition(
          old,
          Conditions.PROGRESSING,
          true,
          reason,
          stopping() + " workers stopping, " + target + " wanted",
          now);
    }
    if (status.getReadyReplicas() < target) {
      return condition(
          old,
          Conditions.PROGRESSING,
          true,
          "WaitingForRegistration",
          status.getReadyReplicas() + " of " + target + " workers registered",
          now);
    }
    return condition(
        old, Conditions.PROGRESSING, false, "Stable", "all " + target + " workers ready", now);
  }

  Condition degraded(List<Condition> old, Instant now) {
    if (facts.problem().isPresent() && !facts.problem().get().reason().equals("InvalidSpec")) {
      return condition(
          old,
          Conditions.DEGRADED,
          true,
          facts.problem().get().reason(),
          facts.problem().get().message(),
          now);
    }
    FailureTally failures = facts.failures();
    Optional<GangFacts.Verdict> shortGang =
        facts.deleting() ? Optional.empty() : gang.flatMap(GangFacts::degraded);
    if (shortGang.isPresent() && failures.consecutive() < degradedAfter) {
      GangFacts.Verdict v = shortGang.get();
      return condition(old, Conditions.DEGRADED, v.status(), v.reason(), v.message(), now);
    }
    if (failures.consecutive() >= degradedAfter) {
      return condition(
          old,
          Conditions.DEGRADED,
          true,
          "WorkerFailures",
          failures.consecutive()
              + " consecutive worker failures; last: "
              + failures.lastFailureReason(),
          now);
    }
    return condition(
        old,
        Conditions.DEGRADED,
        false,
        "AsExpected",
        failures.consecutive() == 0
            ? "no recent worker failures"
            : failures.consecutive()
                + " recent worker failures; last: "
                + failures.lastFailureReason(),
        now);
  }

  String phase() {
    if (facts.deleting()) {
      return "Terminating";
    }
    if (facts.problem().isPresent()) {
      return facts.problem().get().reason().equals("InvalidSpec") ? "Invalid" : "Degraded";
    }
    DesiredCluster desired = facts.desired().orElseThrow();
    if (desired.suspend() || facts.lifetimeOver().isPresent()) {
      return status.getReplicas() + stopping() == 0 ? "Suspended" : "Suspending";
    }
    if (facts.failures().consecutive() >= degradedAfter
        || gang.flatMap(GangFacts::degraded).isPresent()) {
      return "Degraded";
    }
    if (status.getReadyReplicas() >= desired.minReady()) {
      return "Running";
    }
    return status.getReplicas() == 0 ? "Pending" : "Provisioning";
  }

  /**
   * Why launched workers have not started, in the backend's words (e.g. Batch's RUNNABLE reason
   * {@code CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY}): the most common one, with its count.
   */
  private String pendingReason() {
    return facts.workers().stream()
        .filter(v -> v.state() == WorkerState.PENDING && !v.worker().reason().isBlank())
        .collect(Collectors.groupingBy(v -> v.worker().reason(), Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> "; " + e.getValue() + " pending: " + e.getKey())
        .orElse("");
  }

  private long stopping() {
    return facts.workers().stream().filter(v -> v.state() == WorkerState.STOPPING).count();
  }

  private Condition condition(
      List<Condition> old, String type, LimitConditions.Verdict verdict, Instant now) {
    return condition(old, type, verdict.status(), verdict.reason(), verdict.message(), now);
  }

  private Condition condition(
      List<Condition> old, String type, boolean value, String reason, String message, Instant now) {
    return Conditions.next(old, type, value, reason, message, facts.generation(), now);
  }
}
