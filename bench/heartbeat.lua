-- wrk script for bench/run.sh heartbeats: one heartbeat per request, cycling over every worker
-- of every cluster (consecutive requests go to different clusters), each with its cluster's token.
--   wrk ... -s heartbeat.lua URL -- coordinator TARGETS   (TARGETS: written by CoordinatorUnderLoad)
--   wrk ... -s heartbeat.lua URL -- etcd LEASES           (lease IDs 1..LEASES, POST /v3/lease/keepalive)
-- Requests are built once per thread in init(); each thread starts at its own offset.

local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

local requests = {}
local position = 1

-- wrk -H 'Connection: close' makes every heartbeat open a new connection (a connection storm)
local connection = nil

local function coordinator_requests(targets)
  local clusters = {}
  for line in io.lines(targets) do
    local ns, name, token, workers = line:match("^(%S+) (%S+) (%S+) (%d+)$")
    if ns then
      table.insert(clusters, { ns = ns, name = name, token = token, workers = tonumber(workers) })
    end
  end
  local most = 0
  for _, c in ipairs(clusters) do most = math.max(most, c.workers) end
  for w = 0, most - 1 do
    for _, c in ipairs(clusters) do
      if w < c.workers then
        local path = string.format("/v1/clusters/%s/%s/workers/w%05d/heartbeat", c.ns, c.name, w)
        local headers = { ["Authorization"] = "Bearer " .. c.token, ["Connection"] = connection }
        table.insert(requests, wrk.format("PUT", path, headers, ""))
      end
    end
  end
end

local function etcd_requests(leases)
  local headers = { ["Content-Type"] = "application/json" }
  for id = 1, leases do
    table.insert(requests, wrk.format("POST", "/v3/lease/keepalive", headers, '{"ID":' .. id .. '}'))
  end
end

function init(args)
  connection = wrk.headers["Connection"]
  if args[1] == "coordinator" then
    coordinator_requests(args[2])
  elseif args[1] == "etcd" then
    etcd_requests(tonumber(args[2]))
  else
    error("usage: -- coordinator TARGETS | -- etcd LEASES")
  end
  -- spread the threads over the cycle (index is set by setup())
  position = 1 + math.floor(#requests * (index or 0) / 8) % #requests
end

function request()
  local r = requests[position]
  position = position + 1
  if position > #requests then position = 1 end
  return r
end

function done(summary, latency, _)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f errors_status=%d errors_socket=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
