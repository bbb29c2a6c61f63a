import Foundation

/// What a change in an edit session did.
public struct SessionChange: Sendable, Hashable {
    public var session: EditSession
    /// The version the session writes to, once the first real change created it.
    public var artifact: Artifact?
    /// `true` when this change created the version (the first real change).
    public var createdVersion: Bool
    public var lintWarnings: [LintWarning]
}

/// How an edit session ended.
public struct SessionEnd: Sendable, Hashable {
    /// The version the session leaves behind, or `nil` when it left nothing.
    public var artifact: Artifact?
    /// What the preset references now for the operation (`nil` = default).
    public var presetReference: ArtifactID?

    public init(artifact: Artifact?, presetReference: ArtifactID?) {
        self.artifact = artifact
        self.presetReference = presetReference
    }
}

extension Snapshot {
    /// Opens an edit of `operation` in a stored preset, starting from the config it uses now.
    /// A session already open on the same preset and operation is returned instead of a second
    /// one, so two editors never auto-save over each other.
    /// - Throws: `defaultPresetIsReadOnly` for the Default preset (duplicate it first).
    public func openSession(
        _ operation: String, in presetID: PresetID, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<EditSession> {
        let definition = try catalog.operation(operation)
        let preset = try mutablePreset(presetID, nil)
        if let open = sessions.values.first(where: { $0.preset == presetID && $0.operation == operation }) {
            return Outcome(snapshot: self, changes: [], value: open)
        }
        let current = preset.operations[operation].flatMap { artifacts[$0] }
        return try transact(environment) { transaction in
            let session = EditSession(
                id: SessionID(environment.ids.next()), preset: presetID, operation: operation,
                previousArtifact: current?.id, startConfig: current?.config ?? definition.current.config,
                openedAt: transaction.now, lastActivityAt: transaction.now)
            transaction.put(session)
            transaction.audit("session.open", "preset '\(preset.name)' \(operation)", after: session.id.rawValue)
            return session
        }
    }

    /// Replaces the session's config. The first change that differs forks the next version and
    /// points the preset at it; later changes update that version in place (auto-save).
    /// - Throws: `invalidConfig` with paths for values the schema refuses.
    public func changeSession(
        _ id: SessionID, to config: Config, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<SessionChange> {
        guard var session = sessions[id] else { throw .sessionNotFound(id.rawValue) }
        let definition = try catalog.operation(session.operation)
        let issues = definition.schema.issues(in: config, root: session.operation)
        if !issues.isEmpty { throw .invalidConfig(issues) }
        let warnings = Template.lint(config, schema: definition.schema, variables: definition.variables)
        let existing = session.artifact.flatMap { artifacts[$0] }
        // Once another preset (or session) uses the session's version, it is sealed: later changes fork again.
        let isShared = existing.map { isUsedOutside(session, $0.id) } ?? false
        guard var preset = presets[session.preset] else { throw .presetNotFound(session.preset.rawValue, suggestion: nil) }
        let source: VersionReference
        if isShared, let shared = existing {
            source = VersionReference(name: shared.name, number: shared.number, config: shared.config, artifact: shared)
        } else if let previous = session.previousArtifact.flatMap({ artifacts[$0] }) {
            source = VersionReference(name: previous.name, number: previous.number, config: previous.config, artifact: previous)
        } else {
            source = Self.reference(to: definition.current)
        }
        return try transact(environment) { transaction in
            session.lastActivityAt = transaction.now
            var created = false
            if var artifact = existing, !isShared {
                if artifact.config != config {
                    artifact.config = config
                    transaction.update(artifact)
                }
            } else if isShared ? config != existing?.config : config != session.startConfig {
                let artifact = transaction.fork(source, operation: session.operation, config: config, origin: .edit)
                transaction.insert(artifact)
                preset.operations[session.operation] = artifact.id
                transaction.update(preset)
                session.artifact = artifact.id
                created = true
                transaction.audit("artifact.create", "\(session.operation) '\(artifact.name)'",
                                  before: session.previousArtifact?.rawValue ?? "default", after: artifact.id.rawValue)
            }
            transaction.put(session)
            return SessionChange(
                session: session, artifact: session.artifact.flatMap { transaction.snapshot.artifacts[$0] },
                createdVersion: created, lintWarnings: warnings)
        }
    }

    /// Sets one field of the session's config; see `changeSession(_:to:_:)`.
    public func changeSession(
        _ id: SessionID, setting field: String, to value: JSONValue, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<SessionChange> {
        guard let session = sessions[id] else { throw .sessionNotFound(id.rawValue) }
        var config = sessionConfig(session)
        config[field] = value
        return try changeSession(id, to: config, environment)
    }

    /// The config a session currently holds.
    public func sessionConfig(_ session: EditSession) -> Config {
        session.artifact.flatMap { artifacts[$0]?.config } ?? session.startConfig
    }

    /// Seals the session. A session whose changes were all undone removes its version and
    /// restores the preset's previous reference, leaving nothing behind.
    public func finishSession(_ id: SessionID, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<SessionEnd> {
        guard let session = sessions[id] else { throw .sessionNotFound(id.rawValue) }
        return try transact(environment) { transaction in
            let end = transaction.end(session, keepingChanges: true)
            transaction.audit("session.finish", "\(session.operation)", before: session.id.rawValue, after: end.artifact?.id.rawValue)
            return end
        }
    }

    /// Abandons the session: deletes its version and restores the preset's previous reference.
    public func cancelSession(_ id: SessionID, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<SessionEnd> {
        guard let session = sessions[id] else { throw .sessionNotFound(id.rawValue) }
        return try transact(environment) { transaction in
            let end = transaction.end(session, keepingChanges: false)
            transaction.audit("session.cancel", "\(session.operation)", before: session.id.rawValue)
            return end
        }
    }

    /// Whether a preset other than the session's, or another session, uses `artifact`.
    func isUsedOutside(_ session: EditSession, _ artifact: ArtifactID) -> Bool {
        presets.values.contains { $0.id != session.preset && $0.operations[session.operation] == artifact }
            || sessions.values.contains { $0.id != session.id && ($0.artifact == artifact || $0.previousArtifact == artifact) }
    }

    /// Finishes every session idle for longer than `idleTimeout` seconds; returns their ids.
    public func expireSessions(idleFor idleTimeout: TimeInterval, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<[SessionID]> {
        try transact(environment) { transaction in
            let idle = transaction.snapshot.sessions.values
                .filter { transaction.now.timeIntervalSince($0.lastActivityAt) > idleTimeout }
                .sorted { $0.openedAt < $1.openedAt }
            for session in idle {
                _ = transaction.end(session, keepingChanges: true)
                transaction.audit("session.expire", "\(session.operation)", before: session.id.rawValue)
            }
            return idle.map(\.id)
        }
    }
}

extension Transaction {
    /// Closes `session`; its version survives only when kept and different from where it started.
    mutating func end(_ session: EditSession, keepingChanges: Bool) -> SessionEnd {
        deleteSession(session.id)
        let artifact = session.artifact.flatMap { snapshot.artifacts[$0] }
        var preset = snapshot.presets[session.preset]
        if let artifact, keepingChanges, artifact.config != session.startConfig {
            return SessionEnd(artifact: artifact, presetReference: preset?.operations[session.operation])
        }
        if let artifact {
            if preset?.operations[session.operation] == artifact.id {
                preset!.operations[session.operation] = session.previousArtifact
                update(preset!)
            }
            if !snapshot.isUsedOutside(session, artifact.id) { deleteArtifact(artifact.id) }
        }
        preset = snapshot.presets[session.preset]
        return SessionEnd(artifact: nil, presetReference: preset?.operations[session.operation])
    }
}
