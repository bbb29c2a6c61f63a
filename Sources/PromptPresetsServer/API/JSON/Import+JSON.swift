import PromptPresets

extension ImportReport {
    var apiJSON: JSONValue {
        func names(_ list: [ArtifactName]) -> JSONValue {
            .array(list.map { .object(["operation": .string($0.operation), "sourceName": .string($0.sourceName), "name": .string($0.name)]) })
        }
        return .object([
            "createdPresets": .array(createdPresets.map { .object(["originalName": .string($0.originalName), "finalName": .string($0.finalName)]) }),
            "createdArtifacts": names(createdArtifacts),
            "reusedArtifacts": names(reusedArtifacts),
            "defaultMappings": .array(defaultMappings.map {
                .object(["operation": .string($0.operation), "sourceName": .string($0.sourceName), "matchedVersion": .version($0.matchedVersion)])
            }),
            "skippedOperations": .array(skippedOperations.map(JSONValue.string)),
            "warnings": .array(warnings.map(JSONValue.string)),
        ])
    }
}
