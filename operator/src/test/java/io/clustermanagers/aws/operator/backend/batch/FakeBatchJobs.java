package io.clustermanagers.aws.operator.backend.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Batch's jobs in memory, as real Batch behaves where it matters here: array children are listed
 * only through their parent, one status per ListJobs, a parent's status summary counts its
 * children, terminating a parent terminates its children. Counts every call by operation.
 */
final class FakeBatchJobs implements BatchJobs {
  final Map<String, Integer> calls = new TreeMap<>();
  final List<String> terminated = new ArrayList<>();
  private final Map<String, BatchJob> jobs = new LinkedHashMap<>();
  private final Map<String, Integer> sizes = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private Instant now = Instant.parse("2024-01-01T00:00:00Z");

  /** A job submitted behind the backend's back (a former leader's call): returns its id. */
  String submitDirectly(String name, int size) {
    now = now.plusSeconds(1);
    String id = "job-" + ids.incrementAndGet();
    put(id, name, "RUNNING", "", size >= 2 ? Optional.of(size) : Optional.empty());
    if (size >= 2) {
      sizes.put(id, size);
      for (int i = 0; i < size; i++) {
        put(id + ":" + i, name, "RUNNING", "", Optional.empty());
      }
    }
    return id;
  }

  /** A multi-node job of {@code numNodes} submitted behind the backend's back: returns its id. */
  String submitMultiNodeDirectly(String name, int numNodes) {
    now = now.plusSeconds(1);
    String id = "job-" + ids.incrementAndGet();
    jobs.put(
        id,
        new BatchJob(
            id,
            name,
            "RUNNING",
            "",
            Optional.empty(),
            now,
            Optional.of(now),
            Optional.empty(),
            Optional.empty(),
            Map.of(),
            new BatchJob.NodeFacts(Optional.of(numNodes), Optional.of(0), Optional.empty())));
    return id;
  }

  /** Batch moves job {@code id} to {@code status} (a child that became RUNNABLE, FAILED, ...). */
  void setStatus(String id, String status) {
    BatchJob job = jobs.get(id);
    put(id, job.name(), status, job.statusReason(), job.arraySize());
  }

  BatchJob job(String id) {
    return jobs.get(id);
  }

  int count(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  @Override
  public List<BatchJob> listByName(String queue, String pattern) {
    call("ListJobs");
    boolean prefix = pattern.endsWith("*");
    String stem = prefix ? pattern.substring(0, pattern.length() - 1) : pattern;
    return jobs.values().stream()
        .filter(j -> !j.isArrayChild())
        .filter(j -> prefix ? j.name().startsWith(stem) : j.name().equals(stem))
        .map(j -> sizes.containsKey(j.id()) ? parent(j) : j)
        .toList();
  }

  @Override
  public List<BatchJob> listNodes(String jobId) {
    call("ListJobs");
    return List.of();
  }

  @Override
  public List<BatchJob> listChildren(String arrayJobId, java.util.Set<String> statuses) {
    // As Batch: one ListJobs per status asked for.
    statuses.forEach(s -> call("ListJobs"));
    return jobs.values().stream()
        .filter(j -> j.id().startsWith(arrayJobId + ":"))
        .filter(j -> statuses.contains(j.status()))
        .toList();
  }

  @Override
  public List<BatchJob> describe(Collection<String> wanted) {
    call("DescribeJobs");
    return wanted.stream()
        .filter(jobs::containsKey)
        .map(id -> sizes.containsKey(id) ? parent(jobs.get(id)) : jobs.get(id))
        .toList();
  }

  @Override
  public String submit(SubmitJobRequest request) {
    call("SubmitJob");
    int size = request.arrayProperties() == null ? 1 : request.arrayProperties().size();
    return submitDirectly(request.jobName(), size);
  }

  @Override
  public void terminate(String jobId, String reason) {
    call("TerminateJob");
    terminated.add(jobId);
    end(jobId, reason);
    if (sizes.containsKey(jobId)) {
      for (int i = 0; i < sizes.get(jobId); i++) {
        end(jobId + ":" + i, reason);
      }
    }
  }

  private void end(String id, String reason) {
    BatchJob job = jobs.get(id);
    if (job != null && !job.isTerminal()) {
      put(id, job.name(), "FAILED", reason, job.arraySize());
    }
  }

  private BatchJob parent(BatchJob parent) {
    Map<String, Integer> summary = new TreeMap<>();
    for (int i = 0; i < sizes.get(parent.id()); i++) {
      summary.merge(jobs.get(parent.id() + ":" + i).status(), 1, Integer::sum);
    }
    return new BatchJob(
        parent.id(),
        parent.name(),
        parent.status(),
        parent.statusReason(),
        Optional.empty(),
        parent.createdAt(),
        parent.startedAt(),
        parent.stoppedAt(),
        parent.arraySize(),
        summary);
  }

  private void put(String id, String name, String status, String reason, Optional<Integer> size) {
    BatchJob old = jobs.get(id);
    jobs.put(
        id,
        new BatchJob(
            id,
            name,
            status,
            reason,
            Optional.empty(),
            old == null ? now : old.createdAt(),
            Optional.of(now),
            status.equals("FAILED") ? Optional.of(now) : Optional.empty(),
            size,
            Map.of()));
  }

  private void call(String operation) {
    call(operation, 1);
  }

  private void call(String operation, int n) {
    calls.merge(operation, n, Integer::sum);
  }
}
