package io.clustermanagers.aws.e2e;

/** The Batch suite against moto, on every build. */
class BatchOperatorIT extends BatchOperatorSuite {
  @Override
  BatchWorld startWorld() throws Exception {
    return MotoBatchWorld.start();
  }
}
