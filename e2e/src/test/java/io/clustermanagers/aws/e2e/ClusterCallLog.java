package io.clustermanagers.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which cluster each AWS call through a {@link BatchStateProxy} concerns, and when the first
 * call for a cluster came after a moment the bench chose ({@link #arm}). A call concerns the
 * clusters whose UID it names (job names {@code acm-<uid>-<n>}, the token secret's name) or whose
 * jobs it names (job ids learnt from SubmitJob answers, array children as {@code parent:index}).
 * Every worker a SubmitJob launches is queued for the fake agents ({@link #takeLaunched}). Times
 * are {@link System#nanoTime} of this JVM, taken when the request reached the proxy.
 */
final class ClusterCallLog implements BatchStateProxy.CallListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JOB_NAME = Pattern.compile("acm-([0-9a-f]{32})-");
  private static final Pattern UID =
      Pattern.compile("([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})");

  /** A call: when it arrived and its operation. */
  record Call(long nanoTime, String operation) {}

  /** A worker a SubmitJob launched: its cluster's UID (no dashes) and its id (the job id). */
  record Launched(String uid, String workerId) {}

  private static final class Armed {
    final long since;
    volatile Call first;
    final Map<String, Call> firstByOperation = new ConcurrentHashMap<>();

    Armed(long since) {
      this.since = since;
    }
  }

  private final Map<String, String> jobClusters = new ConcurrentHashMap<>();
  private final Map<String, Armed> armed = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Launched> launched = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final LongAdder answerNanos = new LongAdder();

  /** Calls answered 200 so far, by operation ("submitjob", or the X-Amz-Target). */
  Map<String, Long> answeredCalls() {
    Map<String, Long> copy = new TreeMap<>();
    calls.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** The time from arrival to moto's answer, summed over the calls answered 200 so far. */
  long answerNanos() {
    return answerNanos.sum();
  }

  /** From {@code nanoTime} on, records the first call concerning the cluster {@code uid}. */
  void arm(String uid, long nanoTime) {
    armed.put(dashless(uid), new Armed(nanoTime));
  }

  /** The first call concerning {@code uid} since it was armed. */
  Optional<Call> firstCall(String uid) {
    Armed a = armed.get(dashless(uid));
    return a == null ? Optional.empty() : Optional.ofNullable(a.first);
  }

  /** The first call of {@code operation} (e.g. "/v1/submitjob") concerning {@code uid}. */
  Optional<Call> firstCall(String uid, String operation) {
    Armed a = armed.get(dashless(uid));
    return a == null ? Optional.empty() : Optional.ofNullable(a.firstByOperation.get(operation));
  }

  /** The workers launched since the last call. */
  List<Launched> takeLaunched() {
    List<Launched> out = new ArrayList<>();
    for (Launched l; (l = launched.poll()) != null; ) {
      out.add(l);
    }
    return out;
  }

  @Override
  public void arrived(long nanoTime, String operation, byte[] request) {
    if (armed.isEmpty()) {
      return;
    }
    for (String uid : clustersOf(request)) {
      Armed a = armed.get(uid);
      if (a != null && nanoTime >= a.since) {
        Call call = new Call(nanoTime, operation);
        if (a.first == null) {
          a.first = call;
        }
        a.firstByOperation.putIfAbsent(operation, call);
      }
    }
  }

  @Override
  public void answered(long arrived, String operation, byte[] request, byte[] answer) {
    calls.computeIfAbsent(operation.replace("/v1/", ""), k -> new LongAdder()).increment();
    answerNanos.add(System.nanoTime() - arrived);
    if (!operation.equals("/v1/submitjob")) {
      return;
    }
    try {
      JsonNode submitted = JSON.readTree(request);
      Matcher name = JOB_NAME.matcher(submitted.path("jobName").asText());
      if (!name.lookingAt()) {
        return;
      }
      String uid = name.group(1);
      String jobId = JSON.readTree(answer).path("jobId").asText();
      jobClusters.put(jobId, uid);
      int size = submitted.path("arrayProperties").path("size").asInt(0);
      if (size >= 2) {
        for (int i = 0; i < size; i++) {
          launched.add(new Launched(uid, jobId + ":" + i));
        }
      } else {
        launched.add(new Launched(uid, jobId));
      }
    } catch (IOException e) {
      // not a submission we can read: nothing launched that the agents could know of
    }
  }

  private Set<String> clustersOf(byte[] request) {
    String text = new String(request, StandardCharsets.UTF_8);
    Set<String> uids = new HashSet<>();
    Matcher name = JOB_NAME.matcher(text);
    while (name.find()) {
      uids.add(name.group(1));
    }
    Matcher uid = UID.matcher(text);
    while (uid.find()) {
      uids.add(dashless(uid.group()));
    }
    for (String id : jobIds(text)) {
      String owner = jobClusters.get(id.contains(":") ? id.substring(0, id.indexOf(':')) : id);
      if (owner != null) {
        uids.add(owner);
      }
    }
    return uids;
  }

  /** The job ids a Batch request names: DescribeJobs' list, TerminateJob's, ListJobs' array. */
  private static List<String> jobIds(String text) {
    List<String> ids = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(text);
      root.path("jobs").forEach(j -> ids.add(j.asText()));
      for (String field : List.of("jobId", "arrayJobId", "multiNodeJobId")) {
        if (root.hasNonNull(field)) {
          ids.add(root.path(field).asText());
        }
      }
    } catch (IOException e) {
      // not JSON (or empty): no job ids
    }
    return ids;
  }

  private static String dashless(String uid) {
    return uid.replace("-", "");
  }
}
