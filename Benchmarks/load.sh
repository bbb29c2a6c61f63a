#!/usr/bin/env bash
# HTTP load benchmark, every figure against a baseline measured in the same run (the machines
# are shared and noisy; nothing here asserts a timing).
#
# Builds release, seeds a store with 1,000 presets, 10,000 versions and $CHATS chat bindings,
# starts `prompt-presets serve` on loopback and, as the baseline, a bare Hummingbird route
# returning a constant body (`prompt-presets-bare-route`, built from Benchmarks/bare-route),
# and measures with wrk (Debian's package):
#   - /api/v1/resolve for random chats and /healthz against the bare route (requests/s,
#     p50/p99; target: resolve >= 0.7x the bare route's throughput, p99 within 1.5x);
#   - PUT /api/v1/bindings, a fresh chat key per request, over 1 connection (p50/p99);
#   - resolve throughput and /healthz p99 while 4 connections keep binding chats, against idle;
#   - follower lag: `prompt-presets bind chat` run as its own process, then /api/v1/resolve
#     polled every 10 ms until the server shows the binding (measured from the CLI's exit);
#   - the server's peak RSS.
#
# Usage: bash Benchmarks/load.sh [seconds per run, default 15] [connections, default 64]
# Environment: CHATS (default 100000), SCRATCH (the build directory, default .build; binaries
# in $SCRATCH/release), PROMPT_PRESETS_TOKEN (the admin token the server is given).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

duration="${1:-15}"
connections="${2:-64}"
chats="${CHATS:-100000}"
scratch="${SCRATCH:-.build}"
token="${PROMPT_PRESETS_TOKEN:-load-benchmark-token-0123456789abcdef}"
lag_rounds=20
# Seeded presets are `Preset 0`… with ids `p0`… (see BenchData); unbound chats resolve to
# `Preset 0` through the Default profile, so the lag probe binds another one.
lag_preset="Preset 7"

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi

for product in prompt-presets prompt-presets-bench prompt-presets-bare-route; do
    swift build -c release --scratch-path "$scratch" --product "$product"
done
bin="$scratch/release"

work="$(mktemp -d)"
server=""
writers=""
bare=""
cleanup() {
    for pid in $writers $server $bare; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/prompt-presets-bench" seed "$work/store.sqlite" "$chats"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
PROMPT_PRESETS_TOKEN="$token" "$bin/prompt-presets" serve --host 127.0.0.1 --port "$port" --store "$work/store.sqlite" \
    > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

bare_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$bin/prompt-presets-bare-route" "$bare_port" > "$work/bare.log" 2>&1 &
bare=$!
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$bare_port/bare" >/dev/null 2>&1 && break
    sleep 0.1
done

# One write by hand first, so a refused token fails loudly instead of as wrk's non-2xx count.
curl -fsS -X PUT "$base/api/v1/bindings" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    --data '{"scope":"chat","key":"load-probe","preset":"p1"}' >/dev/null

cat > "$work/resolve.lua" <<LUA
math.randomseed(42)
request = function()
    return wrk.format("GET", "/api/v1/resolve?operation=scene_recap&chat=chat-" .. math.random(0, $chats - 1))
end
LUA

# PUT /api/v1/bindings with a chat key no other request used: "<prefix>-<thread>-<n>".
# Arguments after wrk's "--": the key prefix, then the token.
cat > "$work/bind.lua" <<'LUA'
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("thread_number", threads)
end

local prefix, headers, counter = "bind", {}, 0
function init(args)
    prefix = args[1]
    headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
end

function request()
    counter = counter + 1
    local body = string.format('{"scope":"chat","key":"%s-%d-%d","preset":"p%d"}',
        prefix, thread_number, counter, counter % 1000)
    return wrk.format("PUT", "/api/v1/bindings", headers, body)
end
LUA

run() { # name, threads, connections, seconds, wrk arguments…
    local name="$1" threads="$2" conns="$3" seconds="$4"; shift 4
    wrk --threads "$threads" --connections "$conns" --duration "${seconds}s" --latency "$@" > "$work/$name.txt"
}

# Warm up, then the idle figures; the bare route runs between the two it is compared with.
wrk --threads 2 --connections "$connections" --duration 3s "$base/healthz" >/dev/null
wrk --threads 2 --connections "$connections" --duration 3s "http://127.0.0.1:$bare_port/bare" >/dev/null
run healthz 2 "$connections" "$duration" "$base/healthz"
run bare 2 "$connections" "$duration" "http://127.0.0.1:$bare_port/bare"
run resolve 2 "$connections" "$duration" --script "$work/resolve.lua" "$base"
kill "$bare" 2>/dev/null || true
wait "$bare" 2>/dev/null || true
bare=""
run bind 1 1 "$duration" --script "$work/bind.lua" "$base" -- bind "$token"

# The same reads while 4 connections keep binding chats (started first, outlasting both runs).
wrk --threads 1 --connections 4 --duration "$((2 * duration + 4))s" --latency --script "$work/bind.lua" "$base" \
    -- writer "$token" > "$work/writers.txt" &
writers=$!
sleep 2
run resolve-writers 2 "$connections" "$duration" --script "$work/resolve.lua" "$base"
run healthz-writers 2 "$connections" "$duration" "$base/healthz"
wait "$writers"
writers=""

# Follower lag: the CLI commits through its own connection; the server follows the file.
pattern="\"preset\": ?\"$lag_preset\""
for round in $(seq 1 "$lag_rounds"); do
    "$bin/prompt-presets" bind chat "lag-$round" "$lag_preset" --store "$work/store.sqlite" >/dev/null
    exited="$(date +%s%N)"
    until [[ "$(curl -fsS "$base/api/v1/resolve?operation=scene_recap&chat=lag-$round")" =~ $pattern ]]; do
        if (( $(date +%s%N) - exited > 5000000000 )); then echo "the server never showed chat lag-$round" >&2; exit 1; fi
        sleep 0.01
    done
    echo $(( ($(date +%s%N) - exited) / 1000 )) >> "$work/lag-us.txt"
done

peak_kib="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
python3 - "$work" "$peak_kib" "$connections" "$duration" "$chats" <<'PY'
import re, sys
work, peak_kib, connections, duration, chats = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])

def parse(name):
    text = open(f"{work}/{name}.txt").read()
    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": latency(50), "p99": latency(99),
        "errors": int(errors.group(1)) if errors else 0,
    }

def percentile(values, percent):  # nearest rank
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * percent // 100) - 1))]

runs = {name: parse(name) for name in ("bare", "healthz", "resolve", "bind", "writers", "resolve-writers", "healthz-writers")}
lags = [int(line) / 1000 for line in open(f"{work}/lag-us.txt")]

print(f"\nwrk, {duration} s per run, {chats:,} chats bound; reads: 2 threads, {connections} connections, random chat per resolve")
print(f"{'run':<44}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
rows = (
    ("GET /bare (bare Hummingbird route), idle", "bare"),
    ("GET /healthz, idle", "healthz"),
    ("GET /api/v1/resolve, idle", "resolve"),
    ("PUT /api/v1/bindings, 1 connection", "bind"),
    ("PUT /api/v1/bindings, 4 writers (background)", "writers"),
    ("GET /api/v1/resolve, 4 writers", "resolve-writers"),
    ("GET /healthz, 4 writers", "healthz-writers"),
)
for label, name in rows:
    row = runs[name]
    print(f"{label:<44}{row['rps']:>12.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}{row['errors']:>10}")
bare, health, resolve = runs["bare"], runs["healthz"], runs["resolve"]
print(f"resolve / bare route throughput: {resolve['rps'] / bare['rps']:.2f}x (target >= 0.7x); "
      f"p99 {resolve['p99'] / bare['p99']:.2f}x the bare route's (target <= 1.5x)")
print(f"/healthz / bare route throughput: {health['rps'] / bare['rps']:.2f}x; "
      f"p99 {health['p99'] / bare['p99']:.2f}x the bare route's")
print(f"resolve throughput, 4 writers / idle: {runs['resolve-writers']['rps'] / resolve['rps']:.2f}x (target >= 0.8x)")
print(f"/healthz p99, 4 writers / idle: {runs['healthz-writers']['p99']:.2f} ms / {health['p99']:.2f} ms")
print(f"follower lag CLI -> server ({len(lags)} binds, 10 ms polling): "
      f"p50 {percentile(lags, 50):.0f} ms, p99 {percentile(lags, 99):.0f} ms (target p99 < 250 ms)")
print(f"server peak RSS (VmHWM): {peak_kib / 1024:.0f} MiB")
PY
