package io.clustermanagers.aws.e2e;

import io.clustermanagers.aws.api.v1alpha1.AwsClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a chaos scenario's workers run, seen from that side (the emulator's own state, or the
 * process table), never through the operator or the fault proxy.
 */
interface ChaosWorld extends AutoCloseable {
  /** One worker that is running (or starting): it costs money until it ends. */
  record LiveWorker(String cluster, long sequence, String id) {}

  /** The spec's {@code backend}. */
  String backend();

  /** Fills in what the backend needs (queue, ECS cluster and network, workload command). */
  void customize(AwsClusterSpec spec);

  /** The operator's (or standalone run's) environment for this world, its calls faulted. */
  Map<String, String> operatorEnvironment();

  /** Every live worker of every cluster ({@code namespace/name}) in this world now. */
  List<LiveWorker> live();

  /** The token secrets left in the cloud for cluster {@code namespace/name}. */
  List<String> tokenSecrets(String cluster);

  /** The faults injected so far (0 where no proxy sits in front of the backend). */
  FaultCount faults();

  /** The share of AWS calls that fail from now on, with one of these faults. */
  void injectFaults(double rate, Set<FaultProxy.Fault> kinds);

  /** Kills whatever the scenario left (the last resort, also after a failure). */
  @Override
  void close();

  record FaultCount(int total, Map<FaultProxy.Fault, Integer> byKind) {
    static FaultCount none() {
      return new FaultCount(0, Map.of());
    }
  }
}
