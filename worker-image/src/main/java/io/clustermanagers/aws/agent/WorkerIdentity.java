package io.clustermanagers.aws.agent;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Who this worker is and where it can be reached, resolved from the first source that has it.
 *
 * <p>Id: {@code ACM_WORKER_ID}, else {@code AWS_BATCH_JOB_ID} (with {@code
 * AWS_BATCH_JOB_ARRAY_INDEX} appended as {@code :index}, or on a node of a multi-node parallel job
 * {@code AWS_BATCH_JOB_NODE_INDEX} as {@code #index}, when Batch has not done so: the ids Batch
 * gives array children and nodes), else the ECS task id, else the host name. Address: {@code
 * ACM_WORKER_ADDRESS}, else the task's IPv4 address from the ECS metadata, else the host's address.
 * The ECS metadata is read at most once, and only when needed.
 */
record WorkerIdentity(String id, String address) {

  static final String WORKER_ID = "ACM_WORKER_ID";
  static final String WORKER_ADDRESS = "ACM_WORKER_ADDRESS";
  static final String BATCH_JOB_ID = "AWS_BATCH_JOB_ID";
  static final String BATCH_ARRAY_INDEX = "AWS_BATCH_JOB_ARRAY_INDEX";
  static final String BATCH_NODE_INDEX = "AWS_BATCH_JOB_NODE_INDEX";
  static final String ECS_METADATA_URI = "ECS_CONTAINER_METADATA_URI_V4";

  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:#-]{1,200}");

  static WorkerIdentity resolve(EnvironmentVariables env, ConfigLookups lookups) {
    Supplier<EcsTaskMetadata> ecs = once(() -> ecsMetadata(env, lookups));
    Supplier<LocalHost> host = once(() -> localHost(lookups));
    String id =
        env.optional(WORKER_ID)
            .map(value -> validId(value, WORKER_ID))
            .or(() -> batchJobId(env))
            .or(() -> ecs.get().taskId().map(value -> validId(value, "the ECS task ARN")))
            .orElseGet(() -> validId(host.get().name(), "this host's name"));
    String address =
        env.optional(WORKER_ADDRESS)
            .or(() -> ecs.get().ipv4Address())
            .orElseGet(() -> host.get().address());
    return new WorkerIdentity(id, address);
  }

  private static Optional<String> batchJobId(EnvironmentVariables env) {
    return env.optional(BATCH_JOB_ID)
        .map(id -> withIndex(id, ":", env.optional(BATCH_ARRAY_INDEX)))
        .map(id -> withIndex(id, "#", env.optional(BATCH_NODE_INDEX)))
        .map(id -> validId(id, BATCH_JOB_ID));
  }

  private static String withIndex(String jobId, String separator, Optional<String> index) {
    return index
        .filter(i -> !jobId.endsWith(separator + i))
        .map(i -> jobId + separator + i)
        .orElse(jobId);
  }

  private static String validId(String id, String source) {
    if (!VALID_ID.matcher(id).matches()) {
      throw new InvalidConfigException(
          "worker id '"
              + id
              + "' from "
              + source
              + " does not match "
              + VALID_ID.pattern()
              + "; set "
              + WORKER_ID);
    }
    return id;
  }

  private static EcsTaskMetadata ecsMetadata(EnvironmentVariables env, ConfigLookups lookups) {
    Optional<String> base = env.optional(ECS_METADATA_URI);
    if (base.isEmpty()) {
      return EcsTaskMetadata.NONE;
    }
    String url = base.get().replaceAll("/+$", "") + "/task";
    try {
      return EcsTaskMetadata.parse(lookups.ecsTaskMetadata().apply(url));
    } catch (Exception e) {
      throw new InvalidConfigException(
          ECS_METADATA_URI + ": cannot read the task metadata at " + url + ": " + describe(e));
    }
  }

  private static LocalHost localHost(ConfigLookups lookups) {
    try {
      return lookups.localHost().get();
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          "cannot determine this host's name and address ("
              + describe(e)
              + "); set "
              + WORKER_ID
              + " and "
              + WORKER_ADDRESS);
    }
  }

  private static String describe(Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static <T> Supplier<T> once(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
