#!/usr/bin/env bash
# HTTP load benchmark: resolve against /healthz on the same server, in the same run.
#
# Builds release, seeds a store with 1,000 presets, 10,000 versions and 100,000 chat bindings,
# starts `prompt-presets serve` on loopback, and runs wrk (Debian's package) against
# /api/v1/resolve for random chats and against /healthz. Prints requests/s, p50/p99 latency,
# the resolve/healthz throughput ratio and the server's peak RSS.
# Usage: bash Benchmarks/load.sh [seconds per run, default 15] [connections, default 64]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

duration="${1:-15}"
connections="${2:-64}"
chats=100000

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi

swift build -c release --product prompt-presets --product prompt-presets-bench 2>/dev/null \
    || { swift build -c release --product prompt-presets && swift build -c release --product prompt-presets-bench; }

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

.build/release/prompt-presets-bench seed "$work/store.sqlite" "$chats"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PROMPT_PRESETS_TOKEN="load-benchmark-token-0123456789" \
    .build/release/prompt-presets serve --host 127.0.0.1 --port "$port" --store "$work/store.sqlite" \
    > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

cat > "$work/resolve.lua" <<LUA
math.randomseed(42)
request = function()
    return wrk.format("GET", "/api/v1/resolve?operation=scene_recap&chat=chat-" .. math.random(0, $chats - 1))
end
LUA

run() { # name, wrk arguments…
    local name="$1"; shift
    wrk --threads 2 --connections "$connections" --duration "${duration}s" --latency "$@" > "$work/$name.txt"
}
# Warm up, then measure both routes in the same run.
wrk --threads 2 --connections "$connections" --duration 3s "http://127.0.0.1:$port/healthz" >/dev/null
run healthz "http://127.0.0.1:$port/healthz"
run resolve --script "$work/resolve.lua" "http://127.0.0.1:$port"

peak_kib="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
python3 - "$work" "$peak_kib" "$connections" "$duration" <<'PY'
import re, sys
work, peak_kib, connections, duration = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

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

health, resolve = parse("healthz"), parse("resolve")
print(f"wrk: 2 threads, {connections} connections, {duration} s per route, 100,000 chats bound, random chat per request")
print(f"{'route':<24}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
for name, row in (("/healthz", health), ("/api/v1/resolve", resolve)):
    print(f"{name:<24}{row['rps']:>12.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}{row['errors']:>10}")
print(f"resolve / healthz throughput: {resolve['rps'] / health['rps']:.2f}x (target >= 0.7x); resolve p99 {resolve['p99']:.2f} ms (target < 5 ms)")
print(f"server peak RSS (VmHWM): {peak_kib / 1024:.0f} MiB")
PY
