import PromptPresets

extension EditSession {
    /// An open edit session with the config it currently holds.
    func apiJSON(in snapshot: Snapshot) -> JSONValue {
        .object([
            "id": .string(id.rawValue),
            "preset": .string(preset.rawValue),
            "presetName": .optional(snapshot.preset(id: preset)?.name),
            "operation": .string(operation),
            "previousArtifact": .optional(previousArtifact?.rawValue),
            "artifact": .optional(artifact?.rawValue),
            "openedAt": .timestamp(openedAt),
            "lastActivityAt": .timestamp(lastActivityAt),
            "owner": .string(owner),
            "revision": .int(revision),
            "config": snapshot.sessionConfig(self).jsonValue,
        ])
    }

    /// `{session, version: {id, name, number} | null, createdVersion, lintWarnings}`.
    func stateJSON(in snapshot: Snapshot, createdVersion: Bool, lintWarnings: [LintWarning]) -> JSONValue {
        .object([
            "session": apiJSON(in: snapshot),
            "version": artifact.flatMap { snapshot.artifacts[$0] }?.referenceJSON ?? .null,
            "createdVersion": .bool(createdVersion),
            "lintWarnings": .array(lintWarnings.map(\.apiJSON)),
        ])
    }
}

extension LintWarning {
    var apiJSON: JSONValue {
        .object([
            "kind": .string(kind.rawValue), "field": .string(field), "variable": .string(variable),
            "message": .string(description),
        ])
    }
}

extension SessionEnd {
    /// `{version: stored version | null, presetReference: artifact id | null}`.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        .object([
            "version": try artifact.map { try $0.apiJSON(in: snapshot) } ?? .null,
            "presetReference": .optional(presetReference?.rawValue),
        ])
    }
}
