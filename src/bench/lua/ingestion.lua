-- Load for the alert ingestion benchmark (io.runbook.detection.bench.DetectionBenchmark,
-- docs/benchmarks.md): one wrk process per node, from outside the server's JVM.
--
--   wrk -t2 -c32 -d120s -T30s -s src/bench/lua/ingestion.lua http://127.0.0.1:8080 -- KIND PREFIX PER_THREAD [KEYS]
--
-- KIND      baseline  start the one-user-task process "bench-one-task" through /engine-rest as admin
--           new       a PagerDuty Events v2 trigger with a new dedup key each time (PREFIX-thread-n)
--           dup       triggers on KEYS existing keys PREFIX-0 .. PREFIX-(KEYS-1), round robin
--           storm     triggers on KEYS keys PREFIX-0 .. PREFIX-(KEYS-1) in random order
-- PER_THREAD a bound: each wrk thread stops once it has that many answers (wrk itself runs for its -d)
-- Prints one line "RESULT ok=.. failed=.. seconds=.. p50ms=.. p99ms=.." and the first failure, if any.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local ADMIN = "Basic YWRtaW46YWRtaW4=" -- admin:admin, the demo profile's administrator
local ROUTING_KEY = "demo0pagerduty0integration0key00" -- the demo's PagerDuty source

function init(args)
  kind = args[1]
  prefix = args[2]
  limit = tonumber(args[3])
  keys = tonumber(args[4] or "100")
  sent = 0
  ok = 0
  failed = 0
  firstfail = ""
  math.randomseed(id * 7919 + 17)
end

local function trigger(key)
  local body = '{"routing_key":"' .. ROUTING_KEY .. '","event_action":"trigger","dedup_key":"' .. key
      .. '","payload":{"summary":"Error rate above 5% on checkout","source":"checkout-1",'
      .. '"severity":"error","component":"checkout"}}'
  return wrk.format("POST", "/api/events/v2/enqueue", { ["Content-Type"] = "application/json" }, body)
end

function request()
  sent = sent + 1
  if kind == "baseline" then
    return wrk.format("POST", "/engine-rest/process-definition/key/bench-one-task/start",
        { ["Content-Type"] = "application/json", ["Authorization"] = ADMIN },
        '{"variables":{"title":{"value":"benchmark"}}}')
  elseif kind == "new" then
    return trigger(prefix .. "-" .. id .. "-" .. sent)
  elseif kind == "dup" then
    return trigger(prefix .. "-" .. ((id * 37 + sent) % keys))
  else
    return trigger(prefix .. "-" .. math.random(0, keys - 1))
  end
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    failed = failed + 1
    if firstfail == "" then
      firstfail = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
  if ok + failed >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local answered, refused, first = 0, 0, ""
  for _, thread in ipairs(threads) do
    answered = answered + thread:get("ok")
    refused = refused + thread:get("failed")
    if first == "" then
      first = thread:get("firstfail")
    end
  end
  io.write(string.format("RESULT ok=%d failed=%d seconds=%.3f p50ms=%.2f p99ms=%.2f\n", answered, refused,
      summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if first ~= "" then
    io.write("FIRST-FAILURE " .. first .. "\n")
  end
end
