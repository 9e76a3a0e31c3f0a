package io.clustermanagers.aws.operator.backend.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clustermanagers.aws.operator.backend.BackendException;
import io.clustermanagers.aws.operator.backend.aws.CreatingCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/** A SubmitJob of unknown outcome is looked for by name and sent again only when not found. */
class NamedSubmissionTest {
  private final FakeBatchJobs batch = new FakeBatchJobs();
  private final Faulty jobs = new Faulty(batch);
  private final List<Duration> pauses = new ArrayList<>();
  private final NamedSubmission submission = new NamedSubmission(pauses::add);
  private final BatchTarget target = new BatchTarget("us-east-1", "queue", jobs, null);
  private final SubmitJobRequest request =
      SubmitJobRequest.builder().jobName("acm-ns-c-0").jobQueue("queue").build();

  @Test
  void aJobWhoseAnswerWasLostIsFoundByNameAndAdoptedNotSubmittedAgain() throws Exception {
    jobs.next.add(Fault.APPLIED_THEN_LOST);

    NamedSubmission.Outcome outcome = submission.submit(target, request);

    assertThat(outcome.submittedId()).isEmpty();
    assertThat(outcome.existing()).extracting(BatchJob::name).containsExactly("acm-ns-c-0");
    assertThat(batch.calls).containsEntry("SubmitJob", 1);
    assertThat(pauses).containsExactly(NamedSubmission.WAITS.get(0));
  }

  @Test
  void aFailedSubmitThatCreatedNothingVisibleIsSentAgainOnce() throws Exception {
    jobs.next.add(Fault.SERVER_ERROR);

    NamedSubmission.Outcome outcome = submission.submit(target, request);

    assertThat(outcome.submittedId()).isPresent();
    assertThat(batch.listByName("queue", "acm-ns-c-0")).hasSize(1);
    assertThat(jobs.submits).isEqualTo(2);
  }

  @Test
  void aCertainRefusalAfterAnUnknownOutcomeStillReportsTheOutcomeUnknown() {
    jobs.next.add(Fault.SERVER_ERROR);
    jobs.next.add(Fault.THROTTLED);

    assertThatThrownBy(() -> submission.submit(target, request))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> assertThat(CreatingCalls.createdNothing(e)).as("the first may exist").isFalse());
  }

  @Test
  void aCertainRefusalFirstIsReportedAtOnceWithoutWaiting() {
    jobs.next.add(Fault.THROTTLED);

    assertThatThrownBy(() -> submission.submit(target, request))
        .isInstanceOfSatisfying(
            BackendException.class, e -> assertThat(CreatingCalls.createdNothing(e)).isTrue());
    assertThat(pauses).isEmpty();
    assertThat(jobs.submits).isEqualTo(1);
  }

  @Test
  void givesUpAfterItsAttemptsWithTheOutcomeUnknown() {
    for (int i = 0; i < NamedSubmission.ATTEMPTS; i++) {
      jobs.next.add(Fault.SERVER_ERROR);
    }

    assertThatThrownBy(() -> submission.submit(target, request))
        .isInstanceOfSatisfying(
            BackendException.class, e -> assertThat(CreatingCalls.createdNothing(e)).isFalse());
    assertThat(jobs.submits).isEqualTo(NamedSubmission.ATTEMPTS);
    assertThat(batch.listByName("queue", "acm-ns-c-0")).isEmpty();
  }

  @Test
  void aListingThatFailsAfterAnUnknownOutcomeReportsTheOutcomeUnknown() {
    jobs.next.add(Fault.SERVER_ERROR);
    jobs.failNextListing = true;

    assertThatThrownBy(() -> submission.submit(target, request))
        .isInstanceOfSatisfying(
            BackendException.class, e -> assertThat(CreatingCalls.createdNothing(e)).isFalse());
  }

  private enum Fault {
    /** Batch created the job, the answer was lost on the way back. */
    APPLIED_THEN_LOST,
    /** A 500: the job may or may not exist (here it does not). */
    SERVER_ERROR,
    /** Throttled: Batch did nothing. */
    THROTTLED
  }

  /** The fake, with faults for the next SubmitJobs and listings. */
  private static final class Faulty implements BatchJobs {
    final FakeBatchJobs delegate;
    final Deque<Fault> next = new ArrayDeque<>();
    boolean failNextListing;
    int submits;
    private int listings;

    Faulty(FakeBatchJobs delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<BatchJob> listByName(String queue, String pattern) throws BackendException {
      listings++;
      if (failNextListing && listings > 1) {
        failNextListing = false;
        throw BackendException.transientFailure("Throttled", "ListJobs throttled", throttled());
      }
      return delegate.listByName(queue, pattern);
    }

    @Override
    public List<BatchJob> listNodes(String jobId) {
      return delegate.listNodes(jobId);
    }

    @Override
    public List<BatchJob> listChildren(String arrayJobId, Set<String> statuses) {
      return delegate.listChildren(arrayJobId, statuses);
    }

    @Override
    public List<BatchJob> describe(Collection<String> ids) {
      return delegate.describe(ids);
    }

    @Override
    public String submit(SubmitJobRequest request) throws BackendException {
      submits++;
      Fault fault = next.poll();
      if (fault == null) {
        return delegate.submit(request);
      }
      switch (fault) {
        case APPLIED_THEN_LOST -> {
          delegate.submit(request);
          throw BackendException.transientFailure(
              "Unreachable",
              "no answer",
              SdkClientException.create("lost", new IOException("connection reset")));
        }
        case SERVER_ERROR ->
            throw BackendException.transientFailure(
                "ServerException",
                "500",
                AwsServiceException.builder().statusCode(500).message("boom").build());
        default -> throw BackendException.transientFailure("Throttled", "429", throttled());
      }
    }

    @Override
    public void terminate(String jobId, String reason) {
      delegate.terminate(jobId, reason);
    }

    private static AwsServiceException throttled() {
      return AwsServiceException.builder()
          .statusCode(429)
          .message("slow down")
          .awsErrorDetails(
              software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("TooManyRequestsException")
                  .build())
          .build();
    }
  }
}
