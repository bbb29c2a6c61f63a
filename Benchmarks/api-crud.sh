#!/usr/bin/env bash
# The JSON CRUD routes served through the generated OpenAPI protocol, measured against a baseline
# in the same run (nothing here asserts a timing): each binary's own GET /healthz (a hand-routed,
# constant answer) and, when BASELINE names another build of prompt-presets (for example one from
# before the routes moved), the same routes on it, the two servers run one after the other.
#
# Routes: GET /api/v1/presets/p1 (a preset with its 13 operations), GET /api/v1/connections,
# GET /api/v1/bindings?scope=profile&key=Default, and PUT /api/v1/bindings over 1 connection
# (a fresh chat per request). The store is seeded with 1,000 presets, 10,000 versions and
# $CHATS chat bindings.
#
# Usage: [BASELINE=path/to/prompt-presets] bash Benchmarks/api-crud.sh [seconds per run, default 10] [connections, default 32]
# Environment: CHATS (default 10000), SCRATCH (the build directory, default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

duration="${1:-10}"
connections="${2:-32}"
chats="${CHATS:-10000}"
scratch="${SCRATCH:-.build}"
token="crud-benchmark-token-0123456789abcdef"

if ! command -v wrk >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
fi
for product in prompt-presets prompt-presets-bench; do swift build -c release --scratch-path "$scratch" --product "$product"; done
bin="$scratch/release"

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
"$bin/prompt-presets-bench" seed "$work/seed.sqlite" "$chats" >/dev/null

cat > "$work/bind.lua" <<'LUA'
local headers, counter = {}, 0
function init(args)
    headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[1] }
end
function request()
    counter = counter + 1
    local body = string.format('{"scope":"chat","key":"crud-%d","preset":"p%d"}', counter, counter % 1000)
    return wrk.format("PUT", "/api/v1/bindings", headers, body)
end
LUA

measure() { # label, binary
    local label="$1" binary="$2"
    cp "$work/seed.sqlite" "$work/$label.sqlite"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    PROMPT_PRESETS_TOKEN="$token" "$binary" serve --host 127.0.0.1 --port "$port" --store "$work/$label.sqlite" \
        --no-metrics > "$work/$label.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    local base="http://127.0.0.1:$port"
    wrk --threads 2 --connections "$connections" --duration 3s "$base/api/v1/presets/p1" >/dev/null
    for route in healthz "api/v1/presets/p1" "api/v1/connections" "api/v1/bindings?scope=profile&key=Default"; do
        wrk --threads 2 --connections "$connections" --duration "${duration}s" --latency "$base/$route" \
            > "$work/$label $(echo "$route" | tr '/?&=' '____').txt"
    done
    wrk --threads 1 --connections 1 --duration "${duration}s" --latency --script "$work/bind.lua" "$base" -- "$token" \
        > "$work/$label put_bindings.txt"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

measure current "$bin/prompt-presets"
if [ -n "${BASELINE:-}" ]; then measure baseline "$BASELINE"; fi

python3 - "$work" "$duration" "$connections" "${BASELINE:+yes}" <<'PY'
import os, re, sys
work, duration, connections, has_baseline = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "yes"

def parse(label, name):
    text = open(os.path.join(work, f"{label} {name}.txt")).read()
    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), latency(50), latency(99), int(errors.group(1)) if errors else 0

rows = [("GET /healthz (hand-routed baseline)", "healthz"),
        ("GET /api/v1/presets/p1", "api_v1_presets_p1"),
        ("GET /api/v1/connections", "api_v1_connections"),
        ("GET /api/v1/bindings?scope=profile&key=Default", "api_v1_bindings_scope_profile_key_Default"),
        ("PUT /api/v1/bindings, 1 connection", "put_bindings")]
print(f"\nwrk, {duration} s per run; reads: 2 threads, {connections} connections")
header = f"{'route':<48}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'x healthz':>11}"
print(header + (f"{'baseline req/s':>16}{'x baseline':>12}" if has_baseline else ""))
health = parse("current", "healthz")[0]
base_health = parse("baseline", "healthz")[0] if has_baseline else None
for label, name in rows:
    rps, p50, p99, errors = parse("current", name)
    line = f"{label:<48}{rps:>10.0f}{p50:>9.2f}{p99:>9.2f}{errors:>9}{rps / health:>11.2f}"
    if has_baseline:
        old = parse("baseline", name)[0]
        # Against the baseline's own /healthz too, so a machine that slowed between the two servers shows.
        line += f"{old:>16.0f}{(rps / health) / (old / base_health):>12.2f}"
    print(line)
if has_baseline:
    print("x baseline: (req/s / the same server's /healthz) over the baseline's same ratio")
PY
