package io.clustermanagers.aws.operator.backend.ecs;

/**
 * How hard the ECS backend may press ECS, fixed when it is built.
 *
 * @param launchBurst tasks launched at once at most (Fargate's launch bucket: 100)
 * @param launchesPerSecond tasks launched per second after the burst (Fargate's refill: 20)
 * @param describesInFlight DescribeTasks calls of one observe at once at most
 * @param stopThreads StopTask calls in flight at most, across clusters
 */
public record EcsCallRates(
    int launchBurst, double launchesPerSecond, int describesInFlight, int stopThreads) {

  /** Fargate's documented launch rate; DescribeTasks four at a time; StopTask eight at a time. */
  public static final EcsCallRates DEFAULT =
      new EcsCallRates(100, 20, TaskDescriptions.DEFAULT_IN_FLIGHT, TaskStops.DEFAULT_THREADS);

  /**
   * These rates with another launch rate: for a benchmark against an emulator, which has no Fargate
   * bucket to respect; never for real ECS.
   */
  public EcsCallRates withLaunchRate(int burst, double perSecond) {
    return new EcsCallRates(burst, perSecond, describesInFlight, stopThreads);
  }

  /** These rates with {@code inFlight} DescribeTasks calls of one observe at once. */
  public EcsCallRates withDescribesInFlight(int inFlight) {
    return new EcsCallRates(launchBurst, launchesPerSecond, inFlight, stopThreads);
  }
}
