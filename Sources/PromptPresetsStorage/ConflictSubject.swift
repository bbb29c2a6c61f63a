import PromptPresets

/// What a refused commit was about, worded as `InMemoryStore` words it, so every engine
/// reports a conflict the same way (`PresetError.conflict(subject)`).
package enum ConflictSubject {
    package static func artifact(_ artifact: Artifact) -> String {
        "\(artifact.operation) version '\(artifact.name)'"
    }

    package static func artifact(id: ArtifactID) -> String {
        "version \(id.rawValue)"
    }

    package static func preset(_ preset: Preset) -> String {
        "preset '\(preset.name)'"
    }

    package static func preset(id: PresetID) -> String {
        "preset \(id.rawValue)"
    }

    package static func session(id: SessionID) -> String {
        "edit session \(id.rawValue)"
    }

    package static func counter(operation: String) -> String {
        "the version counter of '\(operation)'"
    }

    /// What a change that a constraint of the database refused was about. The store answers
    /// two questions about its current rows: the operation and name of a stored version, and
    /// whether a version exists.
    package static func of(
        _ change: Change,
        storedVersion: (ArtifactID) throws -> (operation: String, name: String)?,
        versionExists: (ArtifactID) throws -> Bool
    ) rethrows -> String {
        switch change {
        case .insertArtifact(let artifact), .updateArtifact(let artifact):
            return Self.artifact(artifact)
        case .deleteArtifact(let id, _):
            // Only a preset still referencing it can refuse the delete.
            if let stored = try storedVersion(id) {
                return "\(stored.operation) version '\(stored.name)' (a preset references it now)"
            }
            return artifact(id: id)
        case .insertPreset(let preset), .updatePreset(let preset):
            // A reference to a version that is gone, or the name taken by another preset.
            for (operation, artifact) in preset.operations.sorted(by: { $0.key < $1.key }) where try !versionExists(artifact) {
                return "\(Self.preset(preset)) (its \(operation) version is gone)"
            }
            return Self.preset(preset)
        case .deletePreset(let id, _):
            return preset(id: id)
        case .setBinding(let binding):
            return binding.scope.description
        case .removeBinding(let scope):
            return scope.description
        case .removeBindings(let preset):
            return "the bindings of preset \(preset.rawValue)"
        case .putSession(let session):
            return Self.session(id: session.id)
        case .deleteSession(let id, _):
            return session(id: id)
        case .setCounter(let operation, _):
            return counter(operation: operation)
        case .putConnectionProfile(let profile):
            return "connection profile '\(profile.name)'"
        case .deleteConnectionProfile(let id):
            return "connection profile \(id)"
        case .appendAudit:
            return "the audit log"
        }
    }
}
