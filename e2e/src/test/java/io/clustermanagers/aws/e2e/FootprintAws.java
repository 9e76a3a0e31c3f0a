package io.clustermanagers.aws.e2e;

import java.net.URI;

/**
 * The AWS the footprint bench's operator talks to ({@code bench.aws}): {@code fast}, the in-memory
 * {@link FastBatchEmulator} (the default: it answers in microseconds, so the latencies are the
 * operator's), or {@code moto} behind the {@link BatchStateProxy} (moto's own pace: at 1,000
 * clusters it is saturated and dominates every latency). Jobs are held RUNNING in both.
 */
interface FootprintAws extends AutoCloseable {
  URI endpoint();

  String jobQueue();

  String jobDefinition();

  void listen(BatchStateProxy.CallListener listener);

  /** The connections the operator opened so far, when the emulator can tell (-1: it cannot). */
  default int connections() {
    return -1;
  }

  /** What answers, for the report: "moto" or "the fast emulator". */
  String name();

  @Override
  void close();

  static FootprintAws start(String which, int maxVcpus) throws Exception {
    return switch (which) {
      case "fast" -> fast(FastBatchEmulator.start(maxVcpus));
      case "moto" -> moto(MotoBatchWorld.start());
      default -> throw new IllegalArgumentException("bench.aws is fast or moto, not " + which);
    };
  }

  private static FootprintAws fast(FastBatchEmulator aws) {
    aws.holdNewJobsIn("RUNNING", null);
    return new FootprintAws() {
      public URI endpoint() {
        return aws.endpoint();
      }

      public String jobQueue() {
        return aws.jobQueue();
      }

      public String jobDefinition() {
        return aws.jobDefinition();
      }

      public void listen(BatchStateProxy.CallListener listener) {
        aws.listen(listener);
      }

      public String name() {
        return "the fast emulator";
      }

      @Override
      public int connections() {
        return aws.connections();
      }

      public void close() {
        aws.close();
      }
    };
  }

  private static FootprintAws moto(MotoBatchWorld aws) {
    aws.proxy.holdNewJobsIn("RUNNING", null);
    return new FootprintAws() {
      public URI endpoint() {
        return aws.proxy.endpoint();
      }

      public String jobQueue() {
        return aws.stack().jobQueue();
      }

      public String jobDefinition() {
        return aws.stack().jobDefinition();
      }

      public void listen(BatchStateProxy.CallListener listener) {
        aws.proxy.listen(listener);
      }

      public String name() {
        return "moto";
      }

      public void close() {
        aws.close();
      }
    };
  }
}
