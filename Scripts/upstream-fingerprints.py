#!/usr/bin/env python3
"""Generates Sources/SillyTavernInterop/UpstreamFingerprints+Table.swift.

Reads the git history of the Auto-Recap SillyTavern extension and records the SHA-256 of every
default value it ever shipped, per operation and field, with the first commit and release
(manifest.json's version) that shipped it. Only fingerprints are written: no upstream text.

Usage: Scripts/upstream-fingerprints.py GIT_DIR [--out PATH]

GIT_DIR is a clone (or bare repository) of the extension. node (v18 or later) must be on PATH:
each commit's defaultSettings.js is evaluated by Scripts/upstream-defaults.mjs.
"""
import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "Sources", "SillyTavernInterop", "UpstreamFingerprints+Table.swift")

# The catalog's operations (Sources/PromptPresetsCatalogs) and their fields.
OPERATIONS = [
    "scene_recap", "organize_scene_recap", "parse_scene_recap", "filter_scene_recap_sl",
    "scene_recap_error_detection", "auto_scene_break", "running_scene_recap",
    "auto_lorebooks_recap_merge", "auto_lorebooks_recap_lorebook_entry_lookup",
    "auto_lorebooks_recap_lorebook_entry_deduplicate", "auto_lorebooks_bulk_populate",
    "auto_lorebooks_recap_lorebook_entry_compaction", "entity_types",
]
PROMPT_FIELDS = ["prompt", "prefill", "completion_preset_name", "include_preset_prompts",
                 "forced_prompt", "forced_prefill", "forced_completion_preset_name", "forced_include_preset_prompts"]
# Flat key suffix -> field (1.x keys, and the 1.0.x `summary` spellings once renamed).
SUFFIXES = {
    "prompt": "prompt", "prefill": "prefill", "completion_preset": "completion_preset_name",
    "completion_preset_name": "completion_preset_name", "include_preset_prompts": "include_preset_prompts",
    "forced_prompt": "forced_prompt", "forced_prefill": "forced_prefill",
    "forced_completion_preset": "forced_completion_preset_name",
    "forced_include_preset_prompts": "forced_include_preset_prompts",
}
PATHS = ["defaultSettings.js", "defaultPrompts.js", "default-prompts", "entityTypes.js", "entryDefaults.js", "manifest.json"]


def git(git_dir, *args, binary=False):
    out = subprocess.run(["git", "--git-dir", git_dir, *args], check=True, capture_output=True).stdout
    return out if binary else out.decode()


def canonical(value):
    """The bytes a value is fingerprinted by: a string's UTF-8, anything else compact JSON with
    sorted keys, escaped exactly as JSONValue.canonicalText escapes it."""
    if isinstance(value, str):
        return value.encode()
    return canonical_json(value).encode()


def canonical_json(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
        out = []
        for char in value:
            if char in escapes:
                out.append(escapes[char])
            elif ord(char) < 0x20 or char in "\u2028\u2029":
                out.append("\\u%04x" % ord(char))
            else:
                out.append(char)
        return '"' + "".join(out) + '"'
    if isinstance(value, list):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    return "{" + ",".join(canonical_json(key) + ":" + canonical_json(value[key]) for key in sorted(value)) + "}"


def flat_key(key):
    """(operation, field) a flat settings key holds, or None; `summary` is the 1.0.x spelling of `recap`."""
    key = key.replace("summary", "recap")
    if key == "scene_recap_error_detection_preset":
        return ("scene_recap_error_detection", "completion_preset_name")
    for operation in sorted(OPERATIONS, key=len, reverse=True):
        if key.startswith(operation + "_"):
            field = SUFFIXES.get(key[len(operation) + 1:])
            return (operation, field) if field else None
    return None


def values(settings, placeholder):
    """Every (operation, field, value) a default_settings object ships."""
    found = []
    def keep(operation, field, value):
        if value is None or value == placeholder or (isinstance(value, str) and placeholder in value):
            return
        found.append((operation, field, value))
    for key, value in settings.items():
        mapped = flat_key(key)
        if mapped:
            keep(*mapped, value)
    artifacts = settings.get("operation_artifacts") or {}
    for operation, entries in artifacts.items():
        target = "entity_types" if operation == "entry_defaults" else operation
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not entry.get("isDefault"):
                continue
            for field in PROMPT_FIELDS + ["types", "defaults"]:
                if field in entry:
                    keep(target, field, entry[field])
    return [(o, f, v) for (o, f, v) in found if o in OPERATIONS]


def defaults_at(git_dir, commit, script):
    with tempfile.TemporaryDirectory() as checkout:
        tree = git(git_dir, "ls-tree", "--name-only", commit).split()
        wanted = [p for p in PATHS if p in tree]
        if "defaultSettings.js" not in wanted:
            return None, None
        archive = git(git_dir, "archive", "--format=tar", commit, *wanted, binary=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(checkout, filter="data")
        release = None
        manifest = os.path.join(checkout, "manifest.json")
        if os.path.exists(manifest):
            try:
                release = json.load(open(manifest)).get("version")
            except ValueError:
                pass
        run = subprocess.run(["node", script, checkout], capture_output=True, text=True)
        if run.returncode != 0:
            return None, release
        output = json.loads(run.stdout)
        settings = output.get("settings")
        return (values(settings, output["placeholder"]) if isinstance(settings, dict) else None), release


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    script = os.path.join(HERE, "upstream-defaults.mjs")
    commits = git(args.git_dir, "log", "--reverse", "--format=%H %cs", "--", *PATHS).split("\n")
    first = {}  # (operation, field, digest) -> (commit, date, release)
    evaluated = 0
    for line in filter(None, commits):
        commit, date = line.split()
        shipped, release = defaults_at(args.git_dir, commit, script)
        if shipped is None:
            continue
        evaluated += 1
        for operation, field, value in shipped:
            digest = hashlib.sha256(canonical(value)).hexdigest()
            first.setdefault((operation, field, digest), (commit, date, release or "unknown"))
    rows = sorted(first.items(), key=lambda item: (item[0][0], item[0][1], item[1][1], item[0][2]))
    lines = [
        "// Generated by Scripts/upstream-fingerprints.py from the extension's git history; do not edit.",
        f"// {evaluated} commits evaluated, {len(rows)} distinct default values.",
        "",
        "extension UpstreamFingerprints {",
        "    /// Every default value the extension shipped: operation, field, SHA-256, release, first commit, date.",
        "    static let table: [Entry] = [",
    ]
    for (operation, field, digest), (commit, date, release) in rows:
        lines.append(f'        Entry("{operation}", "{field}", "{digest}", release: "{release}", commit: "{commit[:12]}", date: "{date}"),')
    lines += ["    ]", "}", ""]
    with open(args.out, "w") as out:
        out.write("\n".join(lines))
    print(f"{evaluated} commits evaluated; {len(rows)} fingerprints written to {os.path.relpath(args.out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
