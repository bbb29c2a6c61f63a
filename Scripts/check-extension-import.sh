#!/usr/bin/env bash
# Imports each extension-format fixture here, exports it again in the extension's format, and
# runs the extension's own importer (from a checkout of its repository) on the result; then
# checks that every field the extension stores arrived unchanged.
#
# Usage: Scripts/check-extension-import.sh EXTENSION_CHECKOUT [PROMPT_PRESETS_BINARY]
# Skips (exit 0) when node or the checkout is missing. Nothing of the extension is copied here.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout="${1:-}"
binary="${2:-.build/debug/prompt-presets}"
command -v node >/dev/null || { echo "skipped: node is not installed"; exit 0; }
[ -n "$checkout" ] && [ -f "$checkout/operationsPresetsImport.js" ] || { echo "skipped: give a checkout of the extension"; exit 0; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
for fixture in Tests/Fixtures/sillytavern/export-extension-*.json; do
    export PROMPT_PRESETS_STORE="$work/store.sqlite"
    rm -f "$PROMPT_PRESETS_STORE"
    imported="$("$binary" import "$fixture" --json)"
    preset="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["report"]["createdPresets"][0]["finalName"])' "$imported")"
    "$binary" export "$preset" --format extension --out "$work/export.json" >/dev/null
    if node Scripts/extension-importer-check.mjs "$checkout" "$work/export.json" > "$work/stored.json"; then
        python3 - "$work/export.json" "$work/stored.json" "$fixture" <<'PY' || failures=$((failures + 1))
import json, sys
sent = json.load(open(sys.argv[1]))["operations"]
stored = json.load(open(sys.argv[2]))["artifacts"]
# The fields the extension's own exporter writes and its importer reads.
FORMAT_FIELDS = {"prompt", "prefill", "completion_preset_name", "include_preset_prompts", "types", "defaults"}
bad, dropped = [], []
for operation, entry in sent.items():
    artifact = stored.get(operation) or {}
    for field, value in entry.items():
        if field in ("artifact_name", "connection_profile_name"):
            continue
        if field not in FORMAT_FIELDS:
            dropped.append(f"{operation}.{field}")  # outside the extension's format: its importer ignores it
        elif artifact.get(field) != value:
            bad.append(f"{operation}.{field}")
note = f" (outside its format, not read by its importer: {', '.join(dropped)})" if dropped else ""
print(("ok  " if not bad else "BAD ") + sys.argv[3] + ("" if not bad else ": " + ", ".join(bad)) + note)
sys.exit(1 if bad else 0)
PY
    else
        echo "BAD $fixture: refused by the extension's importer"
        failures=$((failures + 1))
    fi
done
exit "$failures"
