package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import io.clustermanagers.aws.api.v1alpha1.BatchSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Batch on moto ({@link MotoBatchWorld}): operator → {@link FaultProxy} → {@link BatchStateProxy} →
 * moto. The jobs, their names and tags are read from the emulator, never through the fault proxy:
 * ListJobs by the operator's name prefix and DescribeJobs go to the state proxy in front of moto,
 * because moto without Docker ends every job at once and the proxy is where the job lifecycle is
 * emulated (it holds jobs RUNNING until TerminateJob, and turns moto's float {@code vcpus} into the
 * integer the SDK parses); the array children's states are the proxy's. A job {@code
 * acm-<uid>-<first>} of array size {@code n} carries the launch sequences {@code first ..
 * first+n-1} (child {@code i} is {@code first+i}).
 */
final class BatchChaosWorld implements ChaosWorld {
  private static final String CLUSTER_TAG = "aws.clustermanagers.io/cluster";
  private final MotoBatchWorld world;
  private final FaultProxy faults;
  private final BatchClient direct;
  private final SecretsManagerClient secrets;

  private BatchChaosWorld(MotoBatchWorld world, FaultProxy faults) {
    this.world = world;
    this.faults = faults;
    this.direct =
        BatchClient.builder()
            .endpointOverride(world.proxy.endpoint())
            .region(Region.of(MotoServer.REGION))
            .credentialsProvider(MotoServer.CREDENTIALS)
            .build();
    this.secrets = AwsChaosSupport.secrets(world.moto.endpoint());
  }

  static BatchChaosWorld start(long seed, Duration timeoutHold) throws Exception {
    MotoBatchWorld world = MotoBatchWorld.start();
    try {
      return new BatchChaosWorld(world, new FaultProxy(world.proxy.endpoint(), seed, timeoutHold));
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
  }

  @Override
  public String backend() {
    return "batch";
  }

  @Override
  public void customize(AwsClusterSpec spec) {
    BatchSpec batch = new BatchSpec();
    batch.setJobQueue(world.stack().jobQueue());
    batch.setJobDefinition(world.stack().jobDefinition());
    batch.setTimeout("1h");
    spec.setBatch(batch);
  }

  @Override
  public Map<String, String> operatorEnvironment() {
    return AwsChaosSupport.environment("batch", faults.endpoint());
  }

  @Override
  public List<LiveWorker> live() {
    List<String> ids = new ArrayList<>();
    for (JobSummary job :
        direct
            .listJobsPaginator(
                b ->
                    b.jobQueue(world.stack().jobQueue())
                        .filters(f -> f.name("JOB_NAME").values("acm-*")))
            .jobSummaryList()) {
      ids.add(job.jobId());
    }
    Map<String, String> states = world.proxy.statuses();
    List<LiveWorker> live = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += 100) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
      for (JobDetail job : direct.describeJobs(b -> b.jobs(chunk)).jobs()) {
        String cluster = job.tags().getOrDefault(CLUSTER_TAG, "?");
        long first = Long.parseLong(job.jobName().substring(job.jobName().lastIndexOf('-') + 1));
        int size = job.arrayProperties() == null ? 0 : nullToZero(job.arrayProperties().size());
        if (size == 0) {
          addIfRunning(live, states, cluster, first, job.jobId());
        }
        for (int k = 0; k < size; k++) {
          addIfRunning(live, states, cluster, first + k, job.jobId() + ":" + k);
        }
      }
    }
    return live;
  }

  private static int nullToZero(Integer n) {
    return n == null ? 0 : n;
  }

  private static void addIfRunning(
      List<LiveWorker> live, Map<String, String> states, String cluster, long seq, String id) {
    String status = states.get(id);
    if (status != null && !status.equals("SUCCEEDED") && !status.equals("FAILED")) {
      live.add(new LiveWorker(cluster, seq, id));
    }
  }

  @Override
  public List<String> tokenSecrets(String cluster) {
    return AwsChaosSupport.tokenSecrets(secrets, cluster);
  }

  @Override
  public FaultCount faults() {
    return AwsChaosSupport.faults(faults);
  }

  @Override
  public void injectFaults(double rate, Set<FaultProxy.Fault> kinds) {
    faults.only(kinds);
    faults.rate(rate);
  }

  @Override
  public void close() {
    direct.close();
    secrets.close();
    faults.close();
    world.close();
  }
}
