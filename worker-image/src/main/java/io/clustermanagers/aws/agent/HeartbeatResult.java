package io.clustermanagers.aws.agent;

/** What the coordinator said to a heartbeat it could answer. */
enum HeartbeatResult {
  /** The coordinator knows this worker and refreshed its entry. */
  OK,
  /** The coordinator does not know this worker (404), e.g. after it restarted. */
  UNKNOWN_WORKER
}
