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

    /// The store version the command read; its changes are committed on top of it.
    public var basedOn: StoreVersion { snapshot.version }

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
/// Every mutation goes through `Snapshot.apply`, the same code a follower runs on changes
/// another process committed, so derived indexes can never drift from the recorded changes.
/// Revisions, counters, audit entries and pruning are decided here.
struct Transaction {
    var snapshot: Snapshot
    private(set) var changes: [Change] = []
    let environment: CommandEnvironment
    let now: Date
    private var touched = Touched()

    init(_ snapshot: Snapshot, _ environment: CommandEnvironment) {
        self.snapshot = snapshot
        self.environment = environment
        self.now = environment.clock.now()
    }

    private mutating func record(_ change: Change) {
        snapshot.apply(change, &touched)
        changes.append(change)
    }

    // MARK: Artifacts

    /// The next number of `operation`'s versions; numbers are never reused.
    /// - Throws: `counterExhausted` when the stored counter cannot grow (a damaged or tampered store).
    mutating func nextNumber(for operation: String) throws(PresetError) -> Int {
        let (number, overflow) = (snapshot.counters[operation] ?? 0).addingReportingOverflow(1)
        guard !overflow, number > 0 else { throw .counterExhausted(operation: operation) }
        record(.setCounter(operation: operation, value: number))
        return number
    }

    /// Raises `operation`'s counter to `value` when it is lower: numbers up to it are taken.
    mutating func reserveNumbers(upTo value: Int, for operation: String) {
        if value > (snapshot.counters[operation] ?? 0) { record(.setCounter(operation: operation, value: value)) }
    }

    mutating func insert(_ artifact: Artifact) {
        record(.insertArtifact(artifact))
    }

    /// Stores `artifact` over its previous value, bumping revision and modification time.
    mutating func update(_ artifact: Artifact) {
        guard let old = snapshot.artifacts[artifact.id] else { return }
        var artifact = artifact
        artifact.revision = old.revision + 1
        artifact.modifiedAt = now
        record(.updateArtifact(artifact))
    }

    mutating func deleteArtifact(_ id: ArtifactID) {
        guard let old = snapshot.artifacts[id] else { return }
        record(.deleteArtifact(id, revision: old.revision))
    }

    // MARK: Presets

    mutating func insert(_ preset: Preset) {
        record(.insertPreset(preset))
    }

    /// Stores `preset` over its previous value, bumping its revision; `modifiedAt` is when it
    /// changed where it came from (an import), now otherwise.
    mutating func update(_ preset: Preset, modifiedAt: Date? = nil) {
        guard let old = snapshot.presets[preset.id] else { return }
        var preset = preset
        preset.revision = old.revision + 1
        preset.modifiedAt = modifiedAt ?? now
        record(.updatePreset(preset))
    }

    mutating func deletePreset(_ id: PresetID) {
        guard let old = snapshot.presets[id] else { return }
        record(.deletePreset(id, revision: old.revision))
    }

    // MARK: Bindings, sessions, profiles, audit

    mutating func bind(_ binding: Binding) {
        record(.setBinding(binding))
    }

    mutating func unbind(_ scope: Scope) {
        record(.removeBinding(scope))
    }

    /// Removes every binding to `preset`, returning the ones this snapshot knew of (the store
    /// removes those it holds and a partial snapshot did not load, too).
    mutating func unbindAll(to preset: PresetID) -> [Binding] {
        let removed = snapshot.bindings.scopes(boundTo: preset).map { Binding($0, to: preset) }
        record(.removeBindings(to: preset))
        return removed.sorted { ($0.scope.order, $0.scope.key) < ($1.scope.order, $1.scope.key) }
    }

    /// Stores `session`: a new one at revision 1, a known one at the next revision.
    @discardableResult
    mutating func put(_ session: EditSession) -> EditSession {
        var session = session
        session.revision = (snapshot.sessions[session.id]?.revision ?? 0) + 1
        record(.putSession(session))
        return session
    }

    mutating func deleteSession(_ id: SessionID) {
        guard let old = snapshot.sessions[id] else { return }
        record(.deleteSession(id, revision: old.revision))
    }

    mutating func put(_ profile: ConnectionProfile) {
        record(.putConnectionProfile(profile))
    }

    mutating func deleteConnectionProfile(_ id: String) {
        record(.deleteConnectionProfile(id: id))
    }

    mutating func audit(_ action: String, _ subject: String, before: String? = nil, after: String? = nil) {
        changes.append(.appendAudit(AuditEntry(
            at: now, actor: environment.actor, action: action, subject: subject, before: before, after: after)))
    }

    // MARK: Finishing

    /// Prunes the operations this command touched, refreshes the resolution of what it
    /// touched, and packages the result.
    mutating func finish<Value>(_ value: Value) -> Outcome<Value> {
        for operation in touched.operations.sorted() {
            _ = prune(operation, keep: environment.pruneKeep)
        }
        snapshot.resolutionIndex.refresh(touched, in: snapshot)
        return Outcome(snapshot: snapshot, changes: changes, value: value)
    }

    /// Deletes all but the `keep` newest unreferenced artifacts of `operation` (§3.5).
    ///
    /// Costs what the operation's unreferenced versions number (the snapshot keeps them
    /// apart), usually nothing: it never scans the versions presets use.
    mutating func prune(_ operation: String, keep: Int) -> [Artifact] {
        guard let candidates = snapshot.unreferencedArtifacts[operation], candidates.count > max(0, keep) else { return [] }
        let edited = snapshot.sessionHeldArtifacts(of: operation)
        var unreferenced: [(number: Int, id: ArtifactID)] = []
        for id in candidates where !edited.contains(id) {
            if let number = snapshot.artifacts[id]?.number { unreferenced.append((number, id)) }
        }
        guard unreferenced.count > max(0, keep) else { return [] }
        unreferenced.sort { $0.number > $1.number }
        let doomed = unreferenced.dropFirst(max(0, keep)).compactMap { snapshot.artifacts[$0.id] }
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

    /// Artifacts of `operation` an open edit session holds (edits in progress are never pruned).
    func sessionHeldArtifacts(of operation: String) -> Set<ArtifactID> {
        var held: Set<ArtifactID> = []
        for session in sessions.values where session.operation == operation {
            if let id = session.artifact { held.insert(id) }
            if let id = session.previousArtifact { held.insert(id) }
        }
        return held
    }

    /// Whether a preset's entry for `operation` is `artifact`.
    func isReferenced(_ artifact: ArtifactID, in operation: String) -> Bool {
        guard let users = presetIDsByArtifact[artifact] else { return false }
        return users.contains { presets[$0]?.operations[operation] == artifact }
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
