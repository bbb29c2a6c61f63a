import Foundation

/// What a command needs from the outside world: time, ids, who is acting, and the pruning policy.
public struct CommandEnvironment: Sendable {
    public var clock: Clock
    public var ids: IDGenerator
    /// Who is acting, recorded in the audit log (`cli`, `api`, `web:<session>`).
    public var actor: String
    /// How many unreferenced versions per operation survive pruning (§3.5).
    public var pruneKeep: Int

    public init(clock: Clock = .system, ids: IDGenerator = .random, actor: String, pruneKeep: Int = 10) {
        self.clock = clock
        self.ids = ids
        self.actor = actor
        self.pruneKeep = pruneKeep
    }
}

/// What a command returns: the new snapshot, the changes a store must persist, and a result.
public struct Outcome<Value: Sendable>: Sendable {
    public var snapshot: Snapshot
    public var changes: [Change]
    public var value: Value

    public init(snapshot: Snapshot, changes: [Change], value: Value) {
        self.snapshot = snapshot
        self.changes = changes
        self.value = value
    }

    /// Runs `next` on this outcome's snapshot; the result carries both commands' changes, so
    /// a store can persist a sequence of commands (open, change, finish) in one transaction.
    public func then<Next, Failure: Error>(_ next: (Snapshot) throws(Failure) -> Outcome<Next>) throws(Failure) -> Outcome<Next> {
        var outcome = try next(snapshot)
        outcome.changes = changes + outcome.changes
        return outcome
    }
}

/// Applies a command's edits to a working copy of the snapshot and records each as a `Change`.
///
/// Every mutation of a snapshot goes through here, so the derived indexes, revisions,
/// counters, audit entries and pruning can never drift from the recorded changes.
struct Transaction {
    var snapshot: Snapshot
    private(set) var changes: [Change] = []
    let environment: CommandEnvironment
    let now: Date
    private var touchedOperations: Set<String> = []

    init(_ snapshot: Snapshot, _ environment: CommandEnvironment) {
        self.snapshot = snapshot
        self.environment = environment
        self.now = environment.clock.now()
    }

    // MARK: Artifacts

    mutating func nextNumber(for operation: String) -> Int {
        let number = (snapshot.counters[operation] ?? 0) + 1
        snapshot.counters[operation] = number
        changes.append(.setCounter(operation: operation, value: number))
        return number
    }

    mutating func insert(_ artifact: Artifact) {
        snapshot.artifacts[artifact.id] = artifact
        snapshot.artifactIDsByName[artifact.operation, default: [:]][artifact.name] = artifact.id
        touchedOperations.insert(artifact.operation)
        changes.append(.insertArtifact(artifact))
    }

    /// Stores `artifact` over its previous value, bumping revision and modification time.
    mutating func update(_ artifact: Artifact) {
        guard let old = snapshot.artifacts[artifact.id] else { return }
        var artifact = artifact
        artifact.revision = old.revision + 1
        artifact.modifiedAt = now
        if old.name != artifact.name {
            snapshot.artifactIDsByName[artifact.operation]?[old.name] = nil
            snapshot.artifactIDsByName[artifact.operation, default: [:]][artifact.name] = artifact.id
        }
        snapshot.artifacts[artifact.id] = artifact
        changes.append(.updateArtifact(artifact))
    }

    mutating func deleteArtifact(_ id: ArtifactID) {
        guard let old = snapshot.artifacts.removeValue(forKey: id) else { return }
        snapshot.artifactIDsByName[old.operation]?[old.name] = nil
        changes.append(.deleteArtifact(id))
    }

    // MARK: Presets

    mutating func insert(_ preset: Preset) {
        snapshot.presets[preset.id] = preset
        snapshot.presetIDsByName[preset.name] = preset.id
        changes.append(.insertPreset(preset))
    }

    mutating func update(_ preset: Preset) {
        guard let old = snapshot.presets[preset.id] else { return }
        var preset = preset
        preset.revision = old.revision + 1
        preset.modifiedAt = now
        if old.name != preset.name {
            snapshot.presetIDsByName[old.name] = nil
            snapshot.presetIDsByName[preset.name] = preset.id
        }
        for (operation, artifact) in old.operations where preset.operations[operation] != artifact {
            touchedOperations.insert(operation)
        }
        snapshot.presets[preset.id] = preset
        changes.append(.updatePreset(preset))
    }

    mutating func deletePreset(_ id: PresetID) {
        guard let old = snapshot.presets.removeValue(forKey: id) else { return }
        snapshot.presetIDsByName[old.name] = nil
        touchedOperations.formUnion(old.operations.keys)
        changes.append(.deletePreset(id))
    }

    // MARK: Bindings, sessions, profiles, audit

    mutating func bind(_ binding: Binding) {
        snapshot.bindings[binding.scope] = binding.preset
        changes.append(.setBinding(binding))
    }

    mutating func unbind(_ scope: Scope) {
        snapshot.bindings[scope] = nil
        changes.append(.removeBinding(scope))
    }

    /// Removes every binding to `preset`, returning the ones this snapshot knew of.
    mutating func unbindAll(to preset: PresetID) -> [Binding] {
        let removed = snapshot.bindings.all.filter { $0.preset == preset }
        for binding in removed { snapshot.bindings[binding.scope] = nil }
        changes.append(.removeBindings(to: preset))
        return removed
    }

    mutating func put(_ session: EditSession) {
        snapshot.sessions[session.id] = session
        changes.append(.putSession(session))
    }

    mutating func deleteSession(_ id: SessionID) {
        guard let old = snapshot.sessions.removeValue(forKey: id) else { return }
        touchedOperations.insert(old.operation)
        changes.append(.deleteSession(id))
    }

    mutating func put(_ profile: ConnectionProfile) {
        snapshot.connectionProfiles[profile.id] = profile
        changes.append(.putConnectionProfile(profile))
    }

    mutating func deleteConnectionProfile(_ id: String) {
        snapshot.connectionProfiles[id] = nil
        changes.append(.deleteConnectionProfile(id: id))
    }

    mutating func audit(_ action: String, _ subject: String, before: String? = nil, after: String? = nil) {
        changes.append(.appendAudit(AuditEntry(
            at: now, actor: environment.actor, action: action, subject: subject, before: before, after: after)))
    }

    // MARK: Finishing

    /// Prunes the operations this command touched and packages the result.
    mutating func finish<Value>(_ value: Value) -> Outcome<Value> {
        for operation in touchedOperations.sorted() {
            _ = prune(operation, keep: environment.pruneKeep)
        }
        if !changes.isEmpty { snapshot.resolutionIndex = ResolutionIndex(snapshot) }
        return Outcome(snapshot: snapshot, changes: changes, value: value)
    }

    /// Deletes all but the `keep` newest unreferenced artifacts of `operation` (§3.5).
    mutating func prune(_ operation: String, keep: Int) -> [Artifact] {
        let held = snapshot.heldArtifacts(of: operation)
        let unreferenced = snapshot.artifacts(of: operation).filter { !held.contains($0.id) }
        let doomed = Array(unreferenced.dropFirst(max(0, keep)))
        for artifact in doomed {
            deleteArtifact(artifact.id)
            audit("artifact.prune", "\(operation) '\(artifact.name)'", before: artifact.id.rawValue)
        }
        return doomed
    }
}

extension Snapshot {
    /// Runs `body` on a transaction over this snapshot and returns its outcome; a throw leaves nothing behind.
    func transact<Value>(
        _ environment: CommandEnvironment, _ body: (inout Transaction) throws(PresetError) -> Value
    ) throws(PresetError) -> Outcome<Value> {
        var transaction = Transaction(self, environment)
        let value = try body(&transaction)
        return transaction.finish(value)
    }

    /// Artifacts of `operation` that a preset references or an open edit session holds.
    func heldArtifacts(of operation: String) -> Set<ArtifactID> {
        var held: Set<ArtifactID> = []
        for preset in presets.values {
            if let id = preset.operations[operation] { held.insert(id) }
        }
        for session in sessions.values where session.operation == operation {
            if let id = session.artifact { held.insert(id) }
            if let id = session.previousArtifact { held.insert(id) }
        }
        return held
    }

    /// Throws `staleRevision` when the caller read an older revision than the current one.
    func checkRevision(_ expected: Int?, of preset: Preset) throws(PresetError) {
        if let expected, expected != preset.revision {
            throw .staleRevision(kind: "preset", name: preset.name, expected: expected, actual: preset.revision)
        }
    }

    func checkRevision(_ expected: Int?, of artifact: Artifact) throws(PresetError) {
        if let expected, expected != artifact.revision {
            throw .staleRevision(kind: "version", name: artifact.name, expected: expected, actual: artifact.revision)
        }
    }
}
