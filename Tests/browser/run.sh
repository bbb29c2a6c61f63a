#!/usr/bin/env bash
# Runs the browser suite: installs Chromium + chromedriver (apt-get) and the Python packages
# (pip) when missing, builds the release binary, then drives the web UI with pytest.
# Screenshots land in Tests/browser/screenshots/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

missing=()
for package in chromium chromium-driver; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

python3 -m pip --version >/dev/null 2>&1 || {
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-pip
}
if ! python3 -c 'import selenium, pytest' >/dev/null 2>&1; then
    python3 -m pip install --quiet -r Tests/browser/requirements.txt \
        || python3 -m pip install --quiet --break-system-packages -r Tests/browser/requirements.txt
fi

swift build -c release --product prompt-presets

python3 -m pytest -p no:cacheprovider -v Tests/browser "$@"
