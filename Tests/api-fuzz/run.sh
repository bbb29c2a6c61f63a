#!/usr/bin/env bash
# API fuzzing: runs schemathesis against a live `prompt-presets serve` (release build, temporary
# store, known token) using the server's own OpenAPI document. Fails on any server error (5xx)
# and on any response that violates the document (status code, content type, schema).
# Bounded: 20 examples per operation, 240 s of generation, 15 min hard limit. The event stream is
# left out: it never ends, so no generated request against it could complete.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

venv=.build/api-fuzz-venv
if ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet -r Tests/api-fuzz/requirements.txt
fi

# PROMPT_PRESETS_BINARY points at an already built binary (to re-run locally without a release build).
if [ -n "${PROMPT_PRESETS_BINARY:-}" ]; then
    binary="$PROMPT_PRESETS_BINARY"
else
    swift build -c release --product prompt-presets
    binary="$(swift build -c release --show-bin-path)/prompt-presets"
fi

workdir="$(mktemp -d)"
token="fuzz-$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

PROMPT_PRESETS_TOKEN="$token" "$binary" serve --host 127.0.0.1 --port "$port" --store "$workdir/store.sqlite" \
    > "$workdir/server.log" 2>&1 &
server=$!
cleanup() {
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT

"$venv/bin/python" - "$port" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/healthz"
for _ in range(150):
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("the server did not answer /healthz within 30 s")
PY

venv="$PWD/$venv"
status=0
# Run from the temporary directory: schemathesis leaves a .schemathesis/ folder in its working directory.
# One worker: with several threads, CPython 3.11's parser can fail inside Hypothesis
# ("SystemError: AST constructor recursion depth mismatch", not thread-safe before 3.12).
cd "$workdir"
timeout 900 "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples 20 --max-time 240 --workers 1 \
    --exclude-path /api/v1/events \
    --generation-database none --no-color \
    || status=$?

if [ "$status" -ne 0 ]; then
    echo "schemathesis failed (exit $status); the server's last log lines:" >&2
    tail -n 40 "$workdir/server.log" >&2 || true
fi
exit "$status"
