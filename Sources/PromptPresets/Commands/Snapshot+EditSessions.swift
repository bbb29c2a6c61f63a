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
    /// Opens an edit of `operation` in a preset, starting from the config it uses now (§6.1).
    ///
    /// A session belongs to its `owner` (a browser tab, an API client, a CLI run). The owner
    /// reopening gets its open session back with its current content; another editor is
    /// refused with who holds it and since when, unless it takes the session over. On the
    /// `Default` preset nothing is created until the first real change, which makes a copy
    /// (bound to `copyBinding`, when given) and puts the new version there.
    ///
    /// A session the preset moved away from (another version was picked for the operation
    /// since) is stale: it is sealed, and a new session starts from the version in use now.
    /// - Throws: `sessionHeld` when another owner holds the session and `takeOver` is false.
    public func openSession(
        _ operation: String, in presetID: PresetID, owner: String = "", takeOver: Bool = false,
        copyBinding: Scope? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<EditSession> {
        let definition = try catalog.operation(operation)
        let preset = try existingPreset(presetID)
        // Sessions on Default each make their own copy: only the owner's own is shared.
        let found = sessions.values.first(where: {
            $0.preset == presetID && $0.operation == operation && (presetID != .default || $0.owner == owner)
        })
        let stale = found.flatMap { isCurrent($0) ? nil : $0 }
        if let open = found, stale == nil {
            if open.owner == owner { return Outcome(snapshot: self, changes: [], value: open) }
            guard takeOver else {
                throw .sessionHeld(preset: preset.name, operation: operation, owner: open.owner.isEmpty ? "another editor" : open.owner, since: open.openedAt)
            }
            return try transact(environment) { transaction in
                var session = open
                session.owner = owner
                session.lastActivityAt = transaction.now
                let taken = transaction.put(session)
                transaction.audit("session.takeover", "preset '\(preset.name)' \(operation)", before: open.owner, after: owner)
                return taken
            }
        }
        let copyBinding = try copyBinding?.validated()
        let current = preset.operations[operation].flatMap { artifacts[$0] }
        return try transact(environment) { transaction in
            if let stale {
                _ = transaction.end(stale, keepingChanges: true)
                transaction.audit("session.stale", "preset '\(preset.name)' \(operation)", before: stale.id.rawValue)
            }
            let session = transaction.put(EditSession(
                id: SessionID(environment.ids.next()), preset: presetID, operation: operation,
                previousArtifact: current?.id, startConfig: current?.config ?? definition.current.config,
                openedAt: transaction.now, lastActivityAt: transaction.now, owner: owner,
                copyBinding: presetID == .default ? copyBinding : nil))
            transaction.audit("session.open", "preset '\(preset.name)' \(operation)", after: session.id.rawValue)
            return session
        }
    }

    /// Replaces the session's config. The first change that differs forks the next version and
    /// points the preset at it; later changes update that version in place (auto-save).
    /// - Parameter expectedRevision: the session revision the editor saw; a stale one is refused.
    /// - Throws: `invalidConfig` with paths for values the schema refuses; `staleRevision` when
    ///   another editor changed the session since `expectedRevision`; `conflict` when the preset
    ///   now uses another version for the operation than the one the session edits.
    public func changeSession(
        _ id: SessionID, to config: Config, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<SessionChange> {
        var session = try openSession(id, at: expectedRevision)
        guard isCurrent(session) else {
            throw .conflict("the version preset '\(preset(id: session.preset)?.name ?? session.preset.rawValue)' uses for '\(session.operation)'")
        }
        let definition = try catalog.operation(session.operation)
        let issues = definition.schema.issues(in: config, root: session.operation)
        if !issues.isEmpty { throw .invalidConfig(issues) }
        let unknown = unknownConnectionProfiles(in: config, comparedWith: sessionConfig(session), schema: definition.schema, root: session.operation)
        if !unknown.isEmpty { throw .invalidConfig(unknown) }
        let warnings = Template.lint(config, schema: definition.schema, variables: definition.variables)
        let existing = session.artifact.flatMap { artifacts[$0] }
        // Once another preset (or session) uses the session's version, it is sealed: later changes fork again.
        let isShared = existing.map { isUsedOutside(session, $0.id) } ?? false
        let source: VersionReference
        if isShared, let shared = existing {
            source = VersionReference(name: shared.name, number: shared.number, config: shared.config, artifact: shared)
        } else if let previous = session.previousArtifact.flatMap({ artifacts[$0] }) {
            source = VersionReference(name: previous.name, number: previous.number, config: previous.config, artifact: previous)
        } else {
            source = Self.reference(to: definition.current)
        }
        let needsFork = existing == nil || isShared
        let changed = isShared ? config != existing?.config : config != session.startConfig
        if session.preset != .default, presets[session.preset] == nil {
            throw .presetNotFound(session.preset.rawValue, suggestion: nil)
        }
        return try transact(environment) { (transaction: inout Transaction) throws(PresetError) in
            session.lastActivityAt = transaction.now
            var created = false
            if var artifact = existing, !isShared {
                if artifact.config != config {
                    artifact.config = config
                    transaction.update(artifact)
                }
            } else if needsFork && changed {
                if session.preset == .default { session.preset = try transaction.copyDefault(for: session) }
                let artifact = try transaction.fork(source, operation: session.operation, config: config, origin: .edit)
                transaction.insert(artifact)
                var preset = transaction.snapshot.presets[session.preset]!
                preset.operations[session.operation] = artifact.id
                transaction.update(preset)
                session.artifact = artifact.id
                created = true
                transaction.audit("artifact.create", "\(session.operation) '\(artifact.name)'",
                                  before: session.previousArtifact?.rawValue ?? "default", after: artifact.id.rawValue)
            }
            session = transaction.put(session)
            return SessionChange(
                session: session, artifact: session.artifact.flatMap { transaction.snapshot.artifacts[$0] },
                createdVersion: created, lintWarnings: warnings)
        }
    }

    /// Sets one field of the session's config; see `changeSession(_:to:_:)`.
    public func changeSession(
        _ id: SessionID, setting field: String, to value: JSONValue, expectedRevision: Int? = nil,
        _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<SessionChange> {
        guard let session = sessions[id] else { throw .sessionNotFound(id.rawValue) }
        var config = sessionConfig(session)
        config[field] = value
        return try changeSession(id, to: config, expectedRevision: expectedRevision, environment)
    }

    /// The config a session currently holds.
    public func sessionConfig(_ session: EditSession) -> Config {
        session.artifact.flatMap { artifacts[$0]?.config } ?? session.startConfig
    }

    /// Seals the session. A session whose changes were all undone removes its version and
    /// restores the preset's previous reference, leaving nothing behind.
    public func finishSession(
        _ id: SessionID, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<SessionEnd> {
        let session = try openSession(id, at: expectedRevision)
        return try transact(environment) { transaction in
            let end = transaction.end(session, keepingChanges: true)
            transaction.audit("session.finish", "\(session.operation)", before: session.id.rawValue, after: end.artifact?.id.rawValue)
            return end
        }
    }

    /// Abandons the session: deletes its version and restores the preset's previous reference.
    public func cancelSession(
        _ id: SessionID, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<SessionEnd> {
        let session = try openSession(id, at: expectedRevision)
        return try transact(environment) { transaction in
            let end = transaction.end(session, keepingChanges: false)
            transaction.audit("session.cancel", "\(session.operation)", before: session.id.rawValue)
            return end
        }
    }

    /// The open session `id`, when the caller saw its current revision (or names none).
    func openSession(_ id: SessionID, at expectedRevision: Int?) throws(PresetError) -> EditSession {
        guard let session = sessions[id] else { throw .sessionNotFound(id.rawValue) }
        if let expectedRevision, expectedRevision != session.revision {
            throw .staleRevision(kind: "edit session", name: session.operation, expected: expectedRevision, actual: session.revision)
        }
        return session
    }

    /// Whether the session's preset still uses the version the session edits (or started from);
    /// a reference to a deleted version counts as the default, as resolution does.
    func isCurrent(_ session: EditSession) -> Bool {
        guard let preset = preset(id: session.preset) else { return false }
        let used = preset.operations[session.operation].flatMap { artifacts[$0] }?.id
        return used == (session.artifact ?? session.previousArtifact)
    }

    /// Whether a preset other than the session's, or another session, uses `artifact`.
    func isUsedOutside(_ session: EditSession, _ artifact: ArtifactID) -> Bool {
        presetIDsReferencing(artifact).contains { $0 != session.preset }
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
    /// Makes the copy of `Default` a session opened on it edits, binds it where the session
    /// asked, and returns its id.
    mutating func copyDefault(for session: EditSession) throws(PresetError) -> PresetID {
        let name = Naming.unique("Copy of \(Preset.defaultName)") { snapshot.presetIDsByName[$0] != nil }
        let copy = Preset(id: PresetID(environment.ids.next()), name: name, createdAt: now, modifiedAt: now)
        insert(copy)
        audit("preset.duplicate", "preset '\(name)'", before: PresetID.default.rawValue, after: copy.id.rawValue)
        if let scope = session.copyBinding {
            let before = snapshot.bindings[scope]
            bind(Binding(scope, to: copy.id))
            audit("binding.set", scope.description, before: before?.rawValue, after: copy.id.rawValue)
        }
        return copy.id
    }

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

extension Snapshot {
    /// Connection-profile ids that name no profile of the directory, among the values that differ
    /// from `previous` (a version may keep naming a profile deleted since; a new id must exist).
    func unknownConnectionProfiles(in config: Config, comparedWith previous: Config, schema: FieldSchema, root: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let before = ConnectionProfileFields.values(in: previous.fields, specs: schema.fields, path: root)
        for (path, value) in ConnectionProfileFields.values(in: config.fields, specs: schema.fields, path: root) {
            guard case .string(let id) = value, before[path] != value, connectionProfiles[id] == nil else { continue }
            issues.append(ValidationIssue(
                path: path, problem: "no connection profile has the id '\(id.prefix(60))'; the directory lists the ids there are"))
        }
        return issues.sorted { $0.path < $1.path }
    }
}
