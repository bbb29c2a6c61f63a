import Foundation

/// A version of an operation as users address it: a stored artifact, or a default
/// (the pseudo-artifact `Default`, number 0, or `Default@1.0.0` for an older one).
public struct VersionReference: Sendable, Hashable {
    public var name: String
    public var number: Int
    public var config: Config
    /// The stored artifact, or `nil` for a default.
    public var artifact: Artifact?
    /// The default version, when this is a default.
    public var defaultVersion: SemanticVersion?

    public var isDefault: Bool { artifact == nil }
}

/// One entry of an operation's version history.
public struct HistoryEntry: Sendable, Hashable {
    public var reference: VersionReference
    /// What it was forked from: `Default@1.1.0`, another version's name, `(deleted)`, or `nil`.
    public var parentName: String?
    /// For defaults, the changelog of that version.
    public var changelog: [String]
    public var date: String
}

/// The differences of one field between two versions.
public struct FieldDiff: Sendable, Hashable {
    public var field: String
    public var lines: [DiffLine]
}

extension Snapshot {
    /// Resolves a user-facing version name: `Default`, `Default@1.0.0`, or a stored artifact's name.
    public func version(_ name: String, of operation: String) throws(PresetError) -> VersionReference {
        let definition = try catalog.operation(operation)
        if name == Preset.defaultName { return Self.reference(to: definition.current) }
        if name.hasPrefix("\(Preset.defaultName)@") {
            let text = String(name.dropFirst(Preset.defaultName.count + 1))
            guard let version = SemanticVersion(text), let entry = definition.defaultVersion(version) else {
                throw .unknownDefaultVersion(operation: operation, version: text)
            }
            return Self.reference(to: entry)
        }
        guard let artifact = artifact(of: operation, named: name) else {
            let names = [Preset.defaultName] + artifacts(of: operation).map(\.name)
            throw .artifactNotFound(operation: operation, name: name, suggestion: closestName(to: name, in: names))
        }
        return VersionReference(name: artifact.name, number: artifact.number, config: artifact.config, artifact: artifact)
    }

    /// The current default as a pseudo-artifact followed by every stored version, newest first.
    public func versions(of operation: String) throws(PresetError) -> [VersionReference] {
        let definition = try catalog.operation(operation)
        return [Self.reference(to: definition.current)]
            + artifacts(of: operation).map { VersionReference(name: $0.name, number: $0.number, config: $0.config, artifact: $0) }
    }

    /// Every default version (oldest first) then every stored version by number, with lineage.
    public func history(of operation: String) throws(PresetError) -> [HistoryEntry] {
        let definition = try catalog.operation(operation)
        let defaults = definition.history.enumerated().map { index, entry in
            HistoryEntry(
                reference: Self.reference(to: entry),
                parentName: index == 0 ? nil : "\(Preset.defaultName)@\(definition.history[index - 1].version)",
                changelog: entry.changelog, date: entry.date)
        }
        let formatter = ISO8601DateFormatter()
        let stored = artifacts(of: operation).reversed().map { artifact in
            HistoryEntry(
                reference: VersionReference(name: artifact.name, number: artifact.number, config: artifact.config, artifact: artifact),
                parentName: parentName(of: artifact), changelog: [],
                date: formatter.string(from: artifact.createdAt))
        }
        return defaults + stored
    }

    /// Line-by-line differences, field by field (schema order), between two versions; unchanged fields are left out.
    public func diff(_ operation: String, from old: String, to new: String) throws(PresetError) -> [FieldDiff] {
        let definition = try catalog.operation(operation)
        return Self.diff(try version(old, of: operation).config, try version(new, of: operation).config, schema: definition.schema)
    }

    /// Field-by-field line differences between two configs of one schema.
    public static func diff(_ old: Config, _ new: Config, schema: FieldSchema) -> [FieldDiff] {
        schema.fields.compactMap { spec in
            let before = old[spec.key] ?? .null
            let after = new[spec.key] ?? .null
            guard before != after else { return nil }
            return FieldDiff(field: spec.key, lines: LineDiff.diff(displayText(before), displayText(after)))
        }
    }

    // MARK: Commands

    /// Renames a stored version; the new name becomes its label, so later edits are named `<name> v<N>`.
    public func renameArtifact(
        _ id: ArtifactID, to rawName: String, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Artifact> {
        var artifact = try storedArtifact(id, expectedRevision)
        let name = try Naming.validated(rawName)
        if name != artifact.name, self.artifact(of: artifact.operation, named: name) != nil {
            throw .artifactNameTaken(operation: artifact.operation, name: name)
        }
        let oldName = artifact.name
        artifact.name = name
        artifact.label = name
        return try transact(environment) { [artifact] transaction in
            transaction.update(artifact)
            transaction.audit("artifact.rename", "\(artifact.operation) '\(name)'", before: oldName, after: name)
            return transaction.snapshot.artifacts[id]!
        }
    }

    /// Replaces a stored version's description.
    public func describeArtifact(
        _ id: ArtifactID, as description: String, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Artifact> {
        var artifact = try storedArtifact(id, expectedRevision)
        try Self.checkDescription(description)
        artifact.description = description
        return try transact(environment) { [artifact] transaction in
            transaction.update(artifact)
            transaction.audit("artifact.describe", "\(artifact.operation) '\(artifact.name)'")
            return transaction.snapshot.artifacts[id]!
        }
    }

    /// Deletes a stored version no preset references and no edit session holds.
    /// - Throws: `artifactInUse` naming the presets that reference it.
    public func deleteArtifact(
        _ id: ArtifactID, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Artifact> {
        let artifact = try storedArtifact(id, expectedRevision)
        let users = presetsReferencing(id)
        let editors = sessions.values.filter { $0.artifact == id || $0.previousArtifact == id }
            .compactMap { preset(id: $0.preset)?.name }
        if !users.isEmpty || !editors.isEmpty {
            throw .artifactInUse(operation: artifact.operation, name: artifact.name,
                                 presets: Array(Set(users + editors.map { "\($0) (open edit)" })).sorted())
        }
        return try transact(environment) { transaction in
            transaction.deleteArtifact(id)
            transaction.audit("artifact.delete", "\(artifact.operation) '\(artifact.name)'", before: id.rawValue)
            return artifact
        }
    }

    /// Creates a new version with the same config as `name` (a stored version or a default), referenced by nothing.
    public func duplicateVersion(
        _ name: String, of operation: String, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Artifact> {
        let source = try version(name, of: operation)
        return try transact(environment) { (transaction: inout Transaction) throws(PresetError) in
            let artifact = try transaction.fork(source, operation: operation, config: source.config, origin: .duplicate)
            transaction.insert(artifact)
            transaction.audit("artifact.duplicate", "\(operation) '\(artifact.name)'", before: source.name, after: artifact.id.rawValue)
            return artifact
        }
    }

    /// Deletes all but the `keep` newest unreferenced versions of every operation; returns what went.
    public func prune(keep: Int, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<[Artifact]> {
        try transact(environment) { transaction in
            catalog.operationKeys.flatMap { transaction.prune($0, keep: keep) }
        }
    }

    // MARK: Helpers

    func storedArtifact(_ id: ArtifactID, _ expectedRevision: Int?) throws(PresetError) -> Artifact {
        guard let artifact = artifacts[id] else { throw .artifactNotFound(operation: "any operation", name: id.rawValue, suggestion: nil) }
        try checkRevision(expectedRevision, of: artifact)
        return artifact
    }

    /// What `artifact` was forked from, as users name versions: `Default@1.1.0`, a version's name, or `(deleted)`.
    public func parentName(of artifact: Artifact) -> String? {
        switch artifact.parent {
        case .default(let version): "\(Preset.defaultName)@\(version)"
        case .artifact(let id): artifacts[id]?.name ?? "(deleted)"
        case .none: nil
        }
    }

    static func reference(to entry: DefaultVersion) -> VersionReference {
        VersionReference(name: Preset.defaultName, number: 0, config: entry.config, artifact: nil, defaultVersion: entry.version)
    }

    /// Text for line diffs: strings as they are, everything else as pretty JSON.
    static func displayText(_ value: JSONValue) -> String {
        value.stringValue ?? value.prettyText
    }
}

extension Transaction {
    /// A new, not yet inserted version forked from `source` with the given config, named by §3.3.
    mutating func fork(
        _ source: VersionReference, operation: String, config: Config, origin: ArtifactOrigin
    ) throws(PresetError) -> Artifact {
        let number = try nextNumber(for: operation)
        let label = source.artifact?.label
        let snapshot = self.snapshot
        let name = Naming.unique(Naming.versionName(label: label, number: number)) {
            snapshot.artifact(of: operation, named: $0) != nil
        }
        return Artifact(
            id: ArtifactID(environment.ids.next()), operation: operation, name: name, label: label,
            number: number, config: config,
            basedOn: source.artifact.map(\.basedOn) ?? source.defaultVersion,
            parent: source.artifact.map { .artifact($0.id) } ?? .default(source.defaultVersion!),
            origin: origin, createdAt: now, modifiedAt: now)
    }
}
