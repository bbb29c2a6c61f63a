#!/usr/bin/env bash
# Lints the web UI's assets as what they are: the script with Node's parser (strict mode),
# the style sheet with tinycss2, the Mustache templates with djLint's HTML rules.
set -euo pipefail
cd "$(dirname "$0")/../.."
web=Sources/PromptPresetsServer/Resources/Web

if ! command -v node >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs
fi
venv="${PROMPT_PRESETS_LINT_VENV:-/tmp/prompt-presets-web-lint-venv}"
if [ ! -x "$venv/bin/djlint" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r Tests/web-lint/requirements.txt
fi

node --check "$web/app.js"
"$venv/bin/python" Tests/web-lint/lint_css.py "$web/app.css"
# H015 (a line break after every heading) is layout of the source, not correctness.
"$venv/bin/djlint" --lint --profile=handlebars --extension=mustache --ignore=H015 "$web/templates"
echo "web assets: lint passed"
