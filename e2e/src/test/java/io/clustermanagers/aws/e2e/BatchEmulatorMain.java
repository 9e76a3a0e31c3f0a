package io.clustermanagers.aws.e2e;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the moto Batch world (the stack of deploy/aws/batch-stack.yaml, jobs held running) and
 * prints the environment under which the real-account suite, {@link BatchOperatorOnAwsIT}, runs
 * against it: a rehearsal of {@code ACM_E2E_TARGET=aws} without an account (e2e/README.md). Runs
 * until stopped (Ctrl-C), then stops moto.
 */
public final class BatchEmulatorMain {
  private BatchEmulatorMain() {}

  public static void main(String[] args) throws Exception {
    MotoBatchWorld world = MotoBatchWorld.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  world.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "Batch emulator ready (%s). In another shell:%n"
            + "  export ACM_E2E_TARGET=aws ACM_E2E_STACK_NAME=%s AWS_ENDPOINT_URL=%s%n"
            + "  export AWS_REGION=%s AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing%n",
        world.describe(), world.stack().name(), world.proxy.endpoint(), MotoServer.REGION);
    stopped.await();
  }
}
