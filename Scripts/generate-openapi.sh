#!/usr/bin/env bash
# Regenerates Sources/PromptPresetsAPI/Generated from the API document with the pinned
# swift-openapi-generator. The output is committed, so building the product never builds the
# generator; APIDocumentTests fails when the document changed and this script was not run.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=Sources/PromptPresetsServer/Resources/openapi.yaml
config=Scripts/openapi-generator/openapi-generator-config.yaml
output=Sources/PromptPresetsAPI/Generated

swift build --package-path Scripts/openapi-generator --product swift-openapi-generator
generator="$(swift build --package-path Scripts/openapi-generator --show-bin-path)/swift-openapi-generator"

rm -rf "$output"
mkdir -p "$output"
"$generator" generate "$spec" --config "$config" --output-directory "$output"
hash="$(sha256sum "$spec" | cut -d' ' -f1)"
cat > "$output/GeneratedFrom.swift" <<SWIFT
// Written by Scripts/generate-openapi.sh: the SHA-256 of the API document the code here was generated from.
public enum GeneratedFrom {
    public static let documentSHA256 = "$hash"
}
SWIFT
echo "generated $output from $spec ($hash)"
