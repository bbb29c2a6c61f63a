#!/usr/bin/env bash
# PromptPresetsClient figures against a real server, each against a baseline from the same run:
# a cached resolve in the client next to the library's own in-process resolve, and a
# revalidation (304) next to a full response. Nothing here asserts a timing.
#
# Usage: bash Benchmarks/client.sh
# Environment: SCRATCH (the build directory, default .build; binaries in $SCRATCH/release).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

scratch="${SCRATCH:-.build}"
token="client-benchmark-token-0123456789abcdef"
for product in prompt-presets prompt-presets-bench; do
    swift build -c release --scratch-path "$scratch" --product "$product"
done
bin="$scratch/release"

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

store="$work/store.sqlite"
"$bin/prompt-presets" --store "$store" presets create Bench >/dev/null
"$bin/prompt-presets" --store "$store" bind chat bench-chat Bench >/dev/null

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PROMPT_PRESETS_TOKEN="$token" "$bin/prompt-presets" serve --port "$port" --store "$store" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

PROMPT_PRESETS_TOKEN="$token" "$bin/prompt-presets-bench" client "http://127.0.0.1:$port"
