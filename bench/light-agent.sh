#!/usr/bin/env bash
# A light worker agent for benchmarks with many local workers: what the agent (worker-image,
# PROTOCOL.md) does, in bash and curl instead of a JVM per worker. The local backend starts it
# with the agent's environment (ACM_COORDINATOR_URL, ACM_CLUSTER_NAMESPACE, ACM_CLUSTER_NAME,
# ACM_TOKEN, ACM_WORKER_ID, ACM_WORKER_ADDRESS); workload arguments are ignored. Registers, then
# heartbeats at the interval the coordinator answers, registers again after a 404, deregisters on
# SIGTERM. Exits by itself after ACM_BENCH_AGENT_MAX_SECONDS (default 3600).
set -u
base="$ACM_COORDINATOR_URL/v1/clusters/$ACM_CLUSTER_NAMESPACE/$ACM_CLUSTER_NAME/workers"
auth="Authorization: Bearer $ACM_TOKEN"
deadline=$((SECONDS + ${ACM_BENCH_AGENT_MAX_SECONDS:-3600}))
interval=10

register() {
  local answer
  answer=$(curl -sf -m 5 -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"workerId\":\"$ACM_WORKER_ID\",\"address\":\"$ACM_WORKER_ADDRESS\",\"port\":0}" "$base") || return 1
  local millis
  millis=$(sed -n 's/.*"heartbeatIntervalMillis": *\([0-9]*\).*/\1/p' <<<"$answer")
  interval=$(((${millis:-10000} + 999) / 1000))
}

deregister() {
  curl -s -m 2 -X DELETE -H "$auth" "$base/$ACM_WORKER_ID" >/dev/null
  exit 0
}
trap deregister TERM INT

until register; do
  ((SECONDS > deadline)) && exit 1
  sleep 1 & wait $!
done
while ((SECONDS < deadline)); do
  sleep "$interval" & wait $!
  code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X PUT -H "$auth" "$base/$ACM_WORKER_ID/heartbeat")
  if [[ "$code" == 404 ]]; then
    register || true
  fi
done
deregister
