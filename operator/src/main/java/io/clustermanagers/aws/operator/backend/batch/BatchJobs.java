package io.clustermanagers.aws.operator.backend.batch;

import io.clustermanagers.aws.operator.backend.BackendException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/** The job calls the backend makes; {@link BatchJobsApi} makes them, tests fake them. */
interface BatchJobs {
  /**
   * Every job in the queue whose name matches {@code pattern} (a trailing {@code *} is a prefix
   * match, every status), array children and multi-node nodes left out.
   */
  List<BatchJob> listByName(String queue, String pattern) throws BackendException;

  /** The nodes of a multi-node job ({@code jobId#index}), of every status. */
  List<BatchJob> listNodes(String jobId) throws BackendException;

  /**
   * The children of an array job that have one of {@code statuses} (ListJobs by {@code arrayJobId}
   * lists one status per call, RUNNING when none is given).
   */
  List<BatchJob> listChildren(String arrayJobId, Set<String> statuses) throws BackendException;

  /** The details of the jobs. */
  List<BatchJob> describe(Collection<String> ids) throws BackendException;

  /** Submits a job (never blindly retried) and returns its id. */
  String submit(SubmitJobRequest request) throws BackendException;

  /**
   * Terminates a job; an array parent's children with it. An unknown job is not an error: stopping
   * must be safe to repeat.
   */
  void terminate(String jobId, String reason) throws BackendException;
}
