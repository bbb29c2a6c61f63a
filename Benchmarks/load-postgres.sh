#!/usr/bin/env bash
# Two `prompt-presets serve` instances on one PostgreSQL database, every figure against a
# baseline from the same run (the machines are shared and noisy; nothing here asserts a timing):
#   - GET /api/v1/resolve on one instance alone, then on both at once (two wrk runs, half the
#     connections each): the total against the one instance;
#   - follower lag A -> B: PUT /api/v1/bindings on A, then B's /api/v1/resolve polled on a
#     kept-alive connection until it shows the binding, over 200 writes (p50/p99);
#   - `prompt-presets-bench postgres`: commit latency on PostgreSQL against a durable SQLite file
#     holding the same data, and the in-process follower lag on both engines.
#
# Usage: bash Benchmarks/load-postgres.sh [seconds per run, default 10] [connections, default 32]
# Environment: CHATS (default 100000), SCRATCH (build directory, default .build),
# PROMPT_PRESETS_BENCH_POSTGRES (a server URL whose user may create databases; default: a
# throw-away cluster started with Scripts/local-postgres.sh on port 54331).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

duration="${1:-10}"
connections="${2:-32}"
chats="${CHATS:-100000}"
scratch="${SCRATCH:-.build}"
token="load-postgres-token-0123456789abcdef"

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi
for product in prompt-presets prompt-presets-bench; do
    swift build -c release --scratch-path "$scratch" --product "$product"
done
bin="$scratch/release"

work="$(mktemp -d)"
pids=""
own_cluster=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [ -n "$own_cluster" ]; then PROMPT_PRESETS_PG_DIR="$own_cluster" bash Scripts/local-postgres.sh stop >/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

server_url="${PROMPT_PRESETS_BENCH_POSTGRES:-}"
if [ -z "$server_url" ]; then
    own_cluster="$work/pg"
    server_url="$(PROMPT_PRESETS_PG_DIR="$own_cluster" bash Scripts/local-postgres.sh start 54331 | tail -n 1)"
fi
admin="${server_url%/*}/postgres"
psql -q "$admin" -c "CREATE DATABASE pp_load" -c "CREATE DATABASE pp_bench"
trap 'psql -q "$admin" -c "DROP DATABASE IF EXISTS pp_load WITH (FORCE)" -c "DROP DATABASE IF EXISTS pp_bench WITH (FORCE)" >/dev/null 2>&1 || true; cleanup' EXIT
store="${server_url%/*}/pp_load"

"$bin/prompt-presets-bench" seed "$store" "$chats"

start_server() { # port
    PROMPT_PRESETS_TOKEN="$token" "$bin/prompt-presets" serve --host 127.0.0.1 --port "$1" --store "$store" > "$work/server-$1.log" 2>&1 &
    pids="$pids $!"
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
    echo "the server on port $1 did not start:" >&2; cat "$work/server-$1.log" >&2; exit 1
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_a="$(free_port)"; start_server "$port_a"
port_b="$(free_port)"; start_server "$port_b"

cat > "$work/resolve.lua" <<LUA
math.randomseed(42)
request = function()
    return wrk.format("GET", "/api/v1/resolve?operation=scene_recap&chat=chat-" .. math.random(0, $chats - 1))
end
LUA
run() { # name, connections, base
    wrk --threads 1 --connections "$2" --duration "${duration}s" --latency --script "$work/resolve.lua" "$3" > "$work/$1.txt"
}

wrk --threads 1 --connections 8 --duration 2s --script "$work/resolve.lua" "http://127.0.0.1:$port_a" >/dev/null
wrk --threads 1 --connections 8 --duration 2s --script "$work/resolve.lua" "http://127.0.0.1:$port_b" >/dev/null
run one "$connections" "http://127.0.0.1:$port_a"
run both-a "$((connections / 2))" "http://127.0.0.1:$port_a" &
both_a=$!
run both-b "$((connections / 2))" "http://127.0.0.1:$port_b"
wait "$both_a"

python3 - "$work" "$port_a" "$port_b" "$token" "$duration" "$connections" "$chats" <<'PY'
import http.client, json, re, sys, time
work, port_a, port_b, token, duration, connections, chats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7])

def parse(name):
    text = open(f"{work}/{name}.txt").read()
    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), latency(50), latency(99)

one, both_a, both_b = parse("one"), parse("both-a"), parse("both-b")
print(f"\nwrk, {duration} s per run, {chats:,} chats bound, GET /api/v1/resolve for random chats")
print(f"{'run':<52}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
print(f"{'one instance, ' + connections + ' connections':<52}{one[0]:>12.0f}{one[1]:>10.2f}{one[2]:>10.2f}")
print(f"{'two instances at once, instance A':<52}{both_a[0]:>12.0f}{both_a[1]:>10.2f}{both_a[2]:>10.2f}")
print(f"{'two instances at once, instance B':<52}{both_b[0]:>12.0f}{both_b[1]:>10.2f}{both_b[2]:>10.2f}")
print(f"two instances / one instance, total throughput: {(both_a[0] + both_b[0]) / one[0]:.2f}x")

# Follower lag A -> B over kept-alive connections: write on A, poll B until it shows the binding.
a, b = http.client.HTTPConnection("127.0.0.1", port_a), http.client.HTTPConnection("127.0.0.1", port_b)
headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
lags = []
for index in range(200):
    body = json.dumps({"scope": "chat", "key": f"lag-{index}", "preset": "p7"})
    a.request("PUT", "/api/v1/bindings", body, headers)
    reply = a.getresponse(); reply.read()
    assert reply.status == 200, reply.status
    written = time.perf_counter()
    while True:
        b.request("GET", f"/api/v1/resolve?operation=scene_recap&chat=lag-{index}")
        seen = b.getresponse().read()
        if b'"Preset 7"' in seen: break
        if time.perf_counter() - written > 5: sys.exit(f"instance B never showed chat lag-{index}")
    lags.append((time.perf_counter() - written) * 1000)
    time.sleep(0.005)
lags.sort()
def percentile(percent): return lags[max(0, min(len(lags) - 1, -(-len(lags) * percent // 100) - 1))]
print(f"follower lag A -> B over {len(lags)} writes (HTTP, B polled back to back): "
      f"p50 {percentile(50):.1f} ms, p99 {percentile(99):.1f} ms (target p99 < 100 ms)")
PY

"$bin/prompt-presets-bench" postgres "${server_url%/*}/pp_bench" "$chats"
