extension ImportReport {
    /// The report as JSON, for `--json` and the HTTP API.
    public var jsonValue: JSONValue {
        func names(_ list: [ArtifactName]) -> JSONValue {
            .array(list.sorted(by: Self.byOperation).map {
                .object(["operation": .string($0.operation), "sourceName": .string($0.sourceName), "name": .string($0.name)])
            })
        }
        return .object([
            "createdPresets": .array(createdPresets.map {
                .object(["originalName": .string($0.originalName), "finalName": .string($0.finalName)])
            }),
            "createdArtifacts": names(createdArtifacts),
            "reusedArtifacts": names(reusedArtifacts),
            "defaultMappings": .array(defaultMappings.sorted { $0.operation < $1.operation }.map {
                .object([
                    "operation": .string($0.operation), "sourceName": .string($0.sourceName),
                    "matchedVersion": $0.matchedVersion.map { .string($0.description) } ?? .null,
                ])
            }),
            "skippedOperations": .array(skippedOperations.map(JSONValue.string)),
            "warnings": .array(warnings.map(JSONValue.string)),
        ])
    }

    /// The report as lines for people: what was (or would be) created, reused and mapped to defaults.
    public var text: String {
        var lines: [String] = []
        for preset in createdPresets {
            lines.append(preset.originalName == preset.finalName
                ? "preset '\(preset.finalName)': create"
                : "preset '\(preset.originalName)': create as '\(preset.finalName)' (name taken)")
        }
        for artifact in createdArtifacts.sorted(by: Self.byOperation) { lines.append("  \(artifact.operation): create version '\(artifact.name)'") }
        for artifact in reusedArtifacts.sorted(by: Self.byOperation) { lines.append("  \(artifact.operation): reuse version '\(artifact.name)'") }
        for mapping in defaultMappings.sorted(by: { $0.operation < $1.operation }) {
            lines.append("  \(mapping.operation): '\(mapping.sourceName)' is the default" + (mapping.matchedVersion.map { " (\($0))" } ?? ""))
        }
        for operation in skippedOperations { lines.append("  \(operation): skipped (not in the catalog)") }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }

    private static func byOperation(_ a: ArtifactName, _ b: ArtifactName) -> Bool {
        (a.operation, a.name) < (b.operation, b.name)
    }
}
