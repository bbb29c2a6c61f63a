#!/usr/bin/env bash
# Runs the MCP suite: installs the Python packages (the official `mcp` client and pytest) into
# a virtual environment under .build when missing, builds the release binary unless
# $PROMPT_PRESETS_BINARY names one, then drives `prompt-presets mcp` (stdio) and `/mcp` (HTTP).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

venv=.build/mcp-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || {
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv
        python3 -m venv "$venv"
    }
fi
if ! "$venv/bin/python" -c 'import mcp, pytest' >/dev/null 2>&1; then
    "$venv/bin/python" -m pip install --quiet -r Tests/mcp/requirements.txt
fi

if [ -z "${PROMPT_PRESETS_BINARY:-}" ]; then
    swift build -c release --product prompt-presets
fi

"$venv/bin/python" -m pytest -p no:cacheprovider -v Tests/mcp "$@"
