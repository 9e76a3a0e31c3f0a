#!/usr/bin/env bash
# Benchmarks of the AWS Cluster Operator (see bench/README.md). Bounded: every process it starts
# stops by itself or is killed on exit; everything listens on 127.0.0.1 only.
#
#   bench/run.sh heartbeats    coordinator heartbeats vs etcd lease keep-alive (gateway, gRPC), wrk
#   bench/run.sh servers       the same load on bare servers answering 204 (JDK, Jetty, Netty)
#   bench/run.sh status-writes the operator's API writes at rest (real kube-apiserver audit log)
#   bench/run.sh batch-calls   AWS calls to launch N Batch workers, resync them and stop them (moto)
#   bench/run.sh ecs-calls     AWS calls to launch N ECS workers, resync them and stop them (moto)
#   bench/run.sh time-to-ready the operator's overhead to Ready, 50 local workers vs the agents alone
#   bench/run.sh registration-storm AWS calls while 10,000 Batch workers register at once (moto);
#                                   BACKEND=ecs: 1,000 ECS workers (WORKERS=...)
#   bench/run.sh footprint     the operator jar's heap, spec change → first AWS call, status writes
#                              in churn: 1,000 Batch clusters x 10 workers (real API server; AWS
#                              from the in-memory fast emulator, or AWS=moto)
#
# Knobs (environment): DURATION (s, default 20), WARMUP (s, 5), WRK_THREADS (2),
# WRK_CONNECTIONS (32), SHAPES ("1x1000 1000x100": clusters x workers), COORDINATOR_THREADS (nproc,
# the operator's own), LEASES (100000), SKIP_BUILD (1: reuse bench/target), BASELINE (a git
# revision: its coordinator is built apart and measured before this tree's, shape by shape),
# COORDINATOR_JAVA_OPTS (JVM options of the coordinator and bare-server processes), ETCD (0: leave etcd out),
# ETCD_GRPC (0: leave out etcd's own gRPC benchmark, built by bench/build-etcd-benchmark.sh),
# GRPC_REQUESTS (200000), SERVERS ("jdk jetty netty", for `servers`), BACKLOG (the bare JDK
# server's, 0: its default of 50), WRK_HEADER (e.g. "Connection: close": a new connection per
# heartbeat). For status-writes: CLUSTERS (100), WORKERS (2 per cluster), REST_SECONDS (180),
# AGENT (light: bench/light-agent.sh; java: the real agent, a JVM per worker). For batch-calls:
# SIZES ("100,1000,10000"; for ecs-calls "100,1000"), STOP_LATENCY_MS (ecs-calls: 0; each StopTask
# waits that long first, a real endpoint's round trip), DESCRIBE_LATENCY_MS (ecs-calls: 0; the same
# for DescribeTasks), LAUNCH_RATE (ecs-calls: 20 tasks/s, Fargate's; higher for the bench only, moto
# has no Fargate bucket: LAUNCH_RATE=500 launches 10,000 in ~20 s), ONE_BY_ONE (ecs-calls: true;
# false leaves out the one-StopTask-after-the-other row, ~10 min at 10,000 with 50 ms latency),
# FAIR_STOP (ecs-calls: 0; N: one cluster stops N workers, then another stops 5: the time until
# the second's StopTask calls are made). For time-to-ready: WORKERS (50), ROUNDS (3), AGENT (java:
# the real agent, a JVM per worker; light: bench/light-agent.sh, whose start takes milliseconds). For
# registration-storm: WORKERS (10000), THREADS (8). For footprint: CLUSTERS (1000), WORKERS (10),
# SAMPLED (200 clusters scaled up and back), SPACING_MS (250 between patches), XMX (512m, the
# operator's -Xmx), SETTLE_SECONDS (60 after all Ready before the heap is measured), AWS (fast: the
# e2e FastBatchEmulator, in memory; moto: moto behind the e2e state proxy), THREAD_DUMPS (4 of the
# operator during the scale-up, to e2e/target/footprint-threads-<n>.txt), OPERATOR_JAVA_OPTS (more
# JVM options of the operator, for experiments).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
SHAPES=${SHAPES:-"1x1000 1000x100"}
COORDINATOR_THREADS=${COORDINATOR_THREADS:-$(nproc)}
LEASES=${LEASES:-100000}

# on tmpfs where there is one: etcd's grants are then not bound by fsync (keep-alives never write)
work=$(mktemp -d /dev/shm/acm-bench.XXXXXX 2>/dev/null || mktemp -d "${TMPDIR:-/tmp}/acm-bench.XXXXXX")
started=()
cleanup() {
  for pid in "${started[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "# $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# waits (at most $2 seconds) until the command in $1 succeeds
await() {
  local deadline=$((SECONDS + $2))
  until eval "$1" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "timed out waiting for: $1" >&2
      return 1
    fi
    sleep 0.2
  done
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "etcd: $(etcd --version | head -1)"
  echo "wrk shape: -t$WRK_THREADS -c$WRK_CONNECTIONS, ${WARMUP}s warm-up then ${DURATION}s measured"
}

build() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building the bench drivers (mvn -Pbench -pl bench -am package -Dquick)"
    (cd "$root" && mvn -B -q -Pbench -pl bench -am package -Dquick)
  fi
  classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"
  if [[ -n "${BASELINE:-}" ]]; then
    log "building the operator at $BASELINE for comparison (in $work/baseline)"
    mkdir -p "$work/baseline"
    git -C "$root" archive "$BASELINE" | tar -x -C "$work/baseline"
    (cd "$work/baseline" && mvn -B -q -pl operator -am package -Dquick)
    # its classes come first, so they shadow this tree's
    baseline_classpath="$work/baseline/operator/target/classes:$classpath"
  fi
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/'; }

# busy CPU time of the whole machine, and of process $1, in clock ticks
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
process_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk against $1 (base URL) for the target process $2 with script args $3..: a warm-up, then the
# RESULT line with the load average (1/5/15 min) before and after the measured run and the CPU
# (% of one core) used by the target, by wrk and by every other process during it
drive() {
  local url=$1 target=$2
  shift 2
  local header=()
  if [[ -n "${WRK_HEADER:-}" ]]; then header=(-H "$WRK_HEADER"); fi
  wrk "${header[@]}" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WARMUP}s" -s "$here/heartbeat.lua" "$url" -- "$@" >/dev/null
  local before machine0 target0 start
  before=$(loadavg)
  machine0=$(machine_ticks)
  target0=$(process_ticks "$target")
  start=$(date +%s.%N)
  /usr/bin/time -f 'WRK_CPU %U %S' -o "$work/wrk-time" \
    wrk "${header[@]}" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${DURATION}s" -s "$here/heartbeat.lua" "$url" -- "$@" \
    >"$work/wrk-out"
  echo "$(grep '^RESULT' "$work/wrk-out") load_before=$before load_after=$(loadavg)" \
    "$(cpu_shares "$start" "$machine0" "$target" "$target0" "$work/wrk-time")"
}

# cpu_shares START MACHINE0 TARGET TARGET0 TIMEFILE: CPU (% of one core) of the target, of the load
# generator (its /usr/bin/time output) and of every other process since START
cpu_shares() {
  local elapsed machine1 target1 hz
  elapsed=$(awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
  machine1=$(machine_ticks)
  target1=$(process_ticks "$3")
  hz=$(getconf CLK_TCK)
  awk -v m=$((machine1 - $2)) -v t=$((target1 - $4)) -v hz="$hz" -v e="$elapsed" \
    '/^WRK_CPU/ {w = ($2 + $3) * hz; printf "cpu_target=%.0f cpu_wrk=%.0f cpu_others=%.0f",
      100 * t / hz / e, 100 * w / hz / e, 100 * (m - t - w) / hz / e}' "$5"
}

# etcd's own benchmark tool over gRPC against the etcd at 127.0.0.1:$1 (pid $2): one lease per
# client, KeepAliveOnce (a new keep-alive stream) per request; as many clients as wrk connections
etcd_grpc() {
  local client=$1 pid=$2 tool
  if ! tool=$("$here/build-etcd-benchmark.sh"); then
    log "no etcd benchmark tool (it needs Go): etcd gRPC left out"
    return 0
  fi
  local opts=(--endpoints "127.0.0.1:$client" --conns "$WRK_CONNECTIONS" --clients "$WRK_CONNECTIONS")
  local total=${GRPC_REQUESTS:-200000}
  "$tool" "${opts[@]}" lease-keepalive --total $((total / 10)) >/dev/null 2>&1
  local before machine0 target0 start
  before=$(loadavg)
  machine0=$(machine_ticks)
  target0=$(process_ticks "$pid")
  start=$(date +%s.%N)
  /usr/bin/time -f 'WRK_CPU %U %S' -o "$work/grpc-time" \
    "$tool" "${opts[@]}" lease-keepalive --total "$total" >"$work/grpc-out" 2>&1
  local cpu
  cpu=$(cpu_shares "$start" "$machine0" "$pid" "$target0" "$work/grpc-time")
  local result
  result=$(tr -d '\r' <"$work/grpc-out" | awk -v total="$total" '
    /Total:/ {seconds = $2} /Slowest:/ {slowest = $2} /Requests\/sec:/ {rps = $2}
    /^ +50% in/ {p50 = $3} /^ +90% in/ {p90 = $3} /^ +99% in/ {p99 = $3}
    /^Error distribution/ {errors = 1} errors && /\[[0-9]+\]/ {gsub(/[^0-9]/, "", $1); failed += $1}
    END {printf "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f errors_status=%d errors_socket=0",
      total, seconds, rps, 1000 * p50, 1000 * p90, 1000 * p99, 1000 * slowest, failed}')
  row "etcd gRPC keep-alive (etcd benchmark $(basename "$(dirname "$tool")" | sed 's/etcd-benchmark-//'))" \
    "$WRK_CONNECTIONS leases" "$result load_before=$before load_after=$(loadavg) $cpu"
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

row() {
  local name=$1 shape=$2 r=$3
  local per_core
  per_core=$(awk -v r="$(field rps "$r")" -v c="$(field cpu_target "$r")" 'BEGIN {printf "%.0f", (c > 0 ? 100 * r / c : 0)}')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s%% / %s%% / %s%% | %s | %s |\n' "$name" "$shape" \
    "$(field rps "$r")" "$per_core" "$(field p50_ms "$r")" "$(field p99_ms "$r")" "$(field max_ms "$r")" \
    "$(field errors_status "$r")/$(field errors_socket "$r")" \
    "$(field cpu_target "$r")" "$(field cpu_wrk "$r")" "$(field cpu_others "$r")" \
    "$(field load_before "$r")" "$(field load_after "$r")"
}

# coordinator CLUSTERS WORKERS LABEL CLASSPATH
coordinator() {
  local clusters=$1 workers=$2 label=$3 cp=$4
  local targets="$work/targets-${clusters}x${workers}.txt"
  rm -f "$targets"
  log "$label: $clusters clusters x $workers workers, $COORDINATOR_THREADS threads"
  # shellcheck disable=SC2086 # word splitting of the options is intended
  java -XX:+ExitOnOutOfMemoryError ${COORDINATOR_JAVA_OPTS:-} -cp "$cp" io.clustermanagers.aws.bench.CoordinatorUnderLoad \
    --clusters "$clusters" --workers "$workers" --threads "$COORDINATOR_THREADS" \
    --targets "$targets" --max-seconds $((3 * (WARMUP + DURATION) + 120)) \
    >"$work/coordinator.log" 2>&1 &
  local pid=$!
  started+=("$pid")
  await "test -s '$targets'" 180
  local port
  port=$(awk '/^port / {print $2}' "$targets")
  local result
  result=$(drive "http://127.0.0.1:$port" "$pid" coordinator "$targets")
  stop "$pid"
  log "$(grep 'coordinator answers' "$work/coordinator.log" || true)"
  row "$label" "${clusters} x ${workers}" "$result"
}

etcd_gateway() {
  local client peer
  client=$(free_port)
  peer=$(free_port)
  log "etcd $(etcd --version | head -1 | cut -d' ' -f3) on 127.0.0.1:$client, $LEASES leases"
  etcd --name bench --data-dir "$work/etcd" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "bench=http://127.0.0.1:$peer" --logger zap --log-outputs "$work/etcd.log" &
  local pid=$!
  started+=("$pid")
  await "curl -sf http://127.0.0.1:$client/health" 60
  java -cp "$classpath" io.clustermanagers.aws.bench.EtcdLeaseGrants \
    --endpoint "http://127.0.0.1:$client" --leases "$LEASES" >&2
  log "keep-alive of lease $LEASES: $(curl -s -X POST -d "{\"ID\":$LEASES}" "http://127.0.0.1:$client/v3/lease/keepalive")"
  local result
  result=$(drive "http://127.0.0.1:$client" "$pid" etcd "$LEASES")
  row "etcd gateway keep-alive" "$LEASES leases" "$result"
  if [[ "${ETCD_GRPC:-1}" != 0 ]]; then
    etcd_grpc "$client" "$pid"
  fi
  stop "$pid"
}

table_header() {
  echo "| target | shape | heartbeats/s | per core-second | p50 ms | p99 ms | max ms | non-2xx/socket errors | CPU target / wrk / others | load before | load after |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
}

heartbeats() {
  build
  machine
  echo
  table_header
  local head
  head="coordinator @ $(git -C "$root" rev-parse --short HEAD)"
  git -C "$root" diff --quiet HEAD -- . || head="$head + changes"
  for shape in $SHAPES; do
    if [[ -n "${BASELINE:-}" ]]; then
      coordinator "${shape%x*}" "${shape#*x}" "coordinator @ $BASELINE" "$baseline_classpath"
    fi
    coordinator "${shape%x*}" "${shape#*x}" "$head" "$classpath"
  done
  if [[ "${ETCD:-1}" != 0 ]]; then
    etcd_gateway
  fi
}

# minimal SERVER: a bare server answering 204 to the heartbeat requests of 1,000 x 100 workers
minimal() {
  local kind=$1
  local targets="$work/targets-$kind.txt"
  log "minimal $kind server, $COORDINATOR_THREADS threads"
  # shellcheck disable=SC2086 # word splitting of the options is intended
  java -XX:+ExitOnOutOfMemoryError ${COORDINATOR_JAVA_OPTS:-} -cp "$classpath" io.clustermanagers.aws.bench.MinimalServer \
    --server "$kind" --threads "$COORDINATOR_THREADS" --backlog "${BACKLOG:-0}" --targets "$targets" \
    --max-seconds $((3 * (WARMUP + DURATION) + 120)) >"$work/minimal.log" 2>&1 &
  local pid=$!
  started+=("$pid")
  await "test -s '$targets'" 60
  local port
  port=$(awk '/^port / {print $2}' "$targets")
  for c in $(seq 0 999); do printf 'bench c%04d %064d 100\n' "$c" "$c"; done >>"$targets"
  local result
  result=$(drive "http://127.0.0.1:$port" "$pid" coordinator "$targets")
  stop "$pid"
  row "bare $kind server (204)" "1000 x 100" "$result"
}

servers() {
  build
  machine
  echo
  table_header
  for kind in ${SERVERS:-jdk jetty netty}; do
    minimal "$kind"
  done
}

# the e2e module's StatusWritesBench (never in a plain mvn verify: failsafe runs *IT only) against
# the real API server; unit tests of the modules it builds are skipped
status_writes() {
  machine | grep -v '^wrk\|^etcd'
  e2e_bench StatusWritesBench -Dbench.clusters="${CLUSTERS:-100}" -Dbench.workers="${WORKERS:-2}" \
    -Dbench.restSeconds="${REST_SECONDS:-180}" -Dbench.agent="${AGENT:-light}"
  echo "load after: $(loadavg)"
  echo
  cat "$root/e2e/target/status-writes-bench.md"
}

time_to_ready() {
  machine | grep -v '^wrk\|^etcd'
  echo "load before: $(loadavg)"
  e2e_bench TimeToReadyBench -Dbench.workers="${WORKERS:-50}" -Dbench.rounds="${ROUNDS:-3}" \
    -Dbench.agent="${AGENT:-java}"
  echo "load after: $(loadavg)"
  echo
  cat "$root/e2e/target/time-to-ready-bench.md"
}

registration_storm() {
  machine | grep -v '^wrk\|^etcd'
  echo "load before: $(loadavg)"
  if [[ "${BACKEND:-batch}" == ecs ]]; then
    e2e_bench EcsRegistrationStormBench -Dbench.workers="${WORKERS:-1000}" -Dbench.threads="${THREADS:-8}"
    echo "load after: $(loadavg)"
    echo
    cat "$root/e2e/target/ecs-registration-storm-bench.md"
    return
  fi
  e2e_bench RegistrationStormBench -Dbench.workers="${WORKERS:-10000}" -Dbench.threads="${THREADS:-8}"
  echo "load after: $(loadavg)"
  echo
  cat "$root/e2e/target/registration-storm-bench.md"
}

footprint() {
  machine | grep -v '^wrk\|^etcd'
  echo "load before: $(loadavg)"
  echo "aws: ${AWS:-fast}; operator JVM options: -Xmx${XMX:-512m} ${OPERATOR_JAVA_OPTS:-}"
  e2e_bench FootprintBench -Dbench.clusters="${CLUSTERS:-1000}" -Dbench.workers="${WORKERS:-10}" \
    -Dbench.sampled="${SAMPLED:-200}" -Dbench.spacingMillis="${SPACING_MS:-250}" \
    -Dbench.xmx="${XMX:-512m}" -Dbench.settleSeconds="${SETTLE_SECONDS:-60}" \
    -Dbench.aws="${AWS:-fast}" -Dbench.threadDumps="${THREAD_DUMPS:-4}" \
    -Dbench.operatorJavaOpts="${OPERATOR_JAVA_OPTS:-}"
  echo "load after: $(loadavg)"
  echo
  cat "$root/e2e/target/footprint-bench.md"
  echo
  echo "Class histogram of the operator at steady state (e2e/target/footprint-histogram.txt), top:"
  echo
  echo '```'
  head -25 "$root/e2e/target/footprint-histogram.txt"
  echo '```'
}

# an e2e bench class ($1) by failsafe, unit tests of the modules it builds skipped; -D options follow
e2e_bench() {
  local class=$1
  shift
  (cd "$root" && mvn -B -q -pl e2e -am verify -Dspotless.check.skip=true \
    -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$class" -Dfailsafe.failIfNoSpecifiedTests=false "$@" >&2)
}

batch_calls() {
  machine | grep -v '^wrk\|^etcd'
  e2e_bench BatchCallsBench -Dbench.sizes="${SIZES:-100,1000,10000}"
  echo "load after: $(loadavg)"
  echo
  cat "$root/e2e/target/batch-calls-bench.md"
}

ecs_calls() {
  machine | grep -v '^wrk\|^etcd'
  echo "load before: $(loadavg)"
  e2e_bench EcsCallsBench -Dbench.sizes="${SIZES:-100,1000}" -Dbench.stopLatencyMs="${STOP_LATENCY_MS:-0}" \
    -Dbench.describeLatencyMs="${DESCRIBE_LATENCY_MS:-0}" -Dbench.launchRate="${LAUNCH_RATE:-20}" \
    -Dbench.oneByOne="${ONE_BY_ONE:-true}" -Dbench.fairStopBacklog="${FAIR_STOP:-0}"
  echo "load after: $(loadavg)"
  echo
  cat "$root/e2e/target/ecs-calls-bench.md"
}

case "${1:-}" in
  heartbeats) heartbeats ;;
  batch-calls) batch_calls ;;
  ecs-calls) ecs_calls ;;
  servers) servers ;;
  status-writes) status_writes ;;
  time-to-ready) time_to_ready ;;
  registration-storm) registration_storm ;;
  footprint) footprint ;;
  *)
    echo "usage: bench/run.sh heartbeats|servers|status-writes|batch-calls|ecs-calls|time-to-ready|registration-storm|footprint" >&2
    exit 2
    ;;
esac
