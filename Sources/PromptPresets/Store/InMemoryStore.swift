import Foundation

/// A store that keeps everything in memory, with the same versions, change log and conflict
/// rules as the SQLite one. Several `PresetLibrary`s on one instance behave like processes
/// sharing a file.
public final class InMemoryStore: SynchronousPresetStore, @unchecked Sendable {
    private let lock = NSLock()
    private var state = StoredState()
    private var version = StoreVersion.empty
    /// The keys each commit touched, oldest first; trimmed to `changeLogLimit` commits.
    private var log: [(version: StoreVersion, keys: [ChangedObject])] = []
    private let changeLogLimit: Int
    private var extras = StoreExtras()

    /// - Parameter changeLogLimit: how many commits `changes(after:)` reaches back.
    public init(changeLogLimit: Int = 10_000) {
        self.changeLogLimit = max(1, changeLogLimit)
    }

    public func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        lock.withLock {
            var bindings = state.bindings
            if let context {
                bindings = Bindings()
                for scope in context.scopes {
                    if let preset = state.bindings[scope] { bindings[scope] = preset }
                }
            }
            return Snapshot(
                catalog: catalog, artifacts: Array(state.artifacts.values), presets: Array(state.presets.values),
                bindings: bindings, sessions: Array(state.sessions.values),
                connectionProfiles: Array(state.profiles.values), counters: state.counters, version: version)
        }
    }

    @discardableResult
    public func apply(_ changes: [Change], basedOn: StoreVersion) throws -> StoreVersion {
        try lock.withLock {
            guard !changes.isEmpty else { return version }
            var next = state
            let keys = try next.apply(changes)
            state = next
            version = StoreVersion(version.rawValue + 1)
            log.append((version, keys))
            if log.count > changeLogLimit { log.removeFirst(log.count - changeLogLimit) }
            return version
        }
    }

    public func readChanges(after since: StoreVersion) throws -> ChangeFeed {
        lock.withLock {
            if since >= version { return .changes([], through: version) }
            let oldest = log.first?.version ?? StoreVersion(version.rawValue + 1)
            guard since.rawValue >= oldest.rawValue - 1 else { return .reloadRequired(current: version) }
            var seen: Set<ChangedObject> = []
            var changes: [Change] = []
            for entry in log where entry.version > since {
                for key in entry.keys where seen.insert(key).inserted {
                    changes.append(state.current(key))
                }
            }
            return .changes(changes, through: version)
        }
    }

    public func readVersion() throws -> StoreVersion {
        lock.withLock { version }
    }

    public func readCommits(after since: StoreVersion, limit: Int) -> CommitLog {
        lock.withLock {
            guard let range = CommitLog.versions(after: since, limit: limit, current: version) else {
                return .commits([], current: version)
            }
            let oldest = log.first?.version.rawValue ?? version.rawValue + 1
            guard range.lowerBound >= oldest else { return .truncated(current: version) }
            let rows = log.lazy.filter { range.contains($0.version.rawValue) }
                .flatMap { entry in entry.keys.map { (version: entry.version, object: $0) } }
            return CommitLog.grouping(Array(rows), versions: range, current: version)
        }
    }

    /// Reads the versioned state under the lock.
    func withState<T>(_ body: (StoredState, StoreVersion) -> T) -> T {
        lock.withLock { body(state, version) }
    }

    /// Reads or changes the settings and sign-ins under the lock.
    func withExtras<T>(_ body: (inout StoreExtras) -> T) -> T {
        lock.withLock { body(&extras) }
    }

    public func readAuditLog(limit: Int) throws -> [AuditEntry] {
        lock.withLock { Array(state.audit.suffix(max(0, limit)).reversed()) }
    }

    // MARK: PresetStore (nothing here blocks: every call holds the lock for microseconds)

    public func load(catalog: Catalog, bindingsFor context: Context?) async throws -> Snapshot {
        try loadSnapshot(catalog: catalog, bindingsFor: context)
    }

    public func commit(_ changes: [Change], basedOn: StoreVersion) async throws -> StoreVersion {
        try apply(changes, basedOn: basedOn)
    }

    public func changes(after version: StoreVersion) async throws -> ChangeFeed {
        try readChanges(after: version)
    }

    public func commits(after version: StoreVersion, limit: Int) async throws -> CommitLog {
        readCommits(after: version, limit: limit)
    }

    public func currentVersion() async throws -> StoreVersion {
        try readVersion()
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try readAuditLog(limit: limit)
    }
}

extension Context {
    /// The scopes resolution consults, most specific first.
    public var scopes: [Scope] {
        [chat.map(Scope.chat), character.map(Scope.character), .profile(profile)].compactMap { $0 }
    }
}

/// The plain tables of a store, with the checks a database's constraints would make.
struct StoredState {
    var artifacts: [ArtifactID: Artifact] = [:]
    var presets: [PresetID: Preset] = [:]
    var bindings = Bindings()
    var sessions: [SessionID: EditSession] = [:]
    var profiles: [String: ConnectionProfile] = [:]
    var counters: [String: Int] = [:]
    var audit: [AuditEntry] = []

    /// Applies `changes` with the checks a database's constraints make; returns the keys they touched.
    mutating func apply(_ changes: [Change]) throws(PresetError) -> [ChangedObject] {
        var keys: [ChangedObject] = []
        for change in changes {
            switch change {
            case .insertArtifact(let artifact):
                guard artifacts[artifact.id] == nil,
                      !artifacts.values.contains(where: { $0.operation == artifact.operation && ($0.name == artifact.name || $0.number == artifact.number) })
                else { throw .conflict("\(artifact.operation) version '\(artifact.name)'") }
                artifacts[artifact.id] = artifact
                keys.append(.artifact(artifact.id))
            case .updateArtifact(let artifact):
                guard artifacts[artifact.id]?.revision == artifact.revision - 1,
                      !artifacts.values.contains(where: { $0.id != artifact.id && $0.operation == artifact.operation && $0.name == artifact.name })
                else { throw .conflict("\(artifact.operation) version '\(artifact.name)'") }
                artifacts[artifact.id] = artifact
                keys.append(.artifact(artifact.id))
            case .deleteArtifact(let id, let revision):
                guard let stored = artifacts[id], stored.revision == revision else { throw .conflict("version \(id.rawValue)") }
                if presets.values.contains(where: { $0.operations.values.contains(id) }) {
                    throw .conflict("\(stored.operation) version '\(stored.name)' (a preset references it now)")
                }
                artifacts[id] = nil
                keys.append(.artifact(id))
            case .insertPreset(let preset):
                guard presets[preset.id] == nil, !presets.values.contains(where: { $0.name == preset.name }) else {
                    throw .conflict("preset '\(preset.name)'")
                }
                try checkReferences(of: preset)
                presets[preset.id] = preset
                keys.append(.preset(preset.id))
            case .updatePreset(let preset):
                guard presets[preset.id]?.revision == preset.revision - 1,
                      !presets.values.contains(where: { $0.id != preset.id && $0.name == preset.name })
                else { throw .conflict("preset '\(preset.name)'") }
                try checkReferences(of: preset)
                presets[preset.id] = preset
                keys.append(.preset(preset.id))
            case .deletePreset(let id, let revision):
                guard let stored = presets[id], stored.revision == revision else { throw .conflict("preset \(id.rawValue)") }
                presets[id] = nil
                keys.append(.preset(id))
            case .setBinding(let binding):
                guard binding.preset == .default || presets[binding.preset] != nil else { throw .conflict(binding.scope.description) }
                bindings[binding.scope] = binding.preset
                keys.append(.binding(binding.scope))
            case .removeBinding(let scope):
                bindings[scope] = nil
                keys.append(.binding(scope))
            case .removeBindings(let preset):
                for scope in bindings.scopes(boundTo: preset) {
                    bindings[scope] = nil
                    keys.append(.binding(scope))
                }
            case .putSession(let session):
                guard (sessions[session.id]?.revision ?? 0) == session.revision - 1 else {
                    throw .conflict("edit session \(session.id.rawValue)")
                }
                sessions[session.id] = session
                keys.append(.session(session.id))
            case .deleteSession(let id, let revision):
                guard sessions[id]?.revision == revision else { throw .conflict("edit session \(id.rawValue)") }
                sessions[id] = nil
                keys.append(.session(id))
            case .setCounter(let operation, let value):
                guard (counters[operation] ?? 0) < value else { throw .conflict("the version counter of '\(operation)'") }
                counters[operation] = value
                keys.append(.counter(operation: operation))
            case .putConnectionProfile(let profile):
                guard !profiles.values.contains(where: { $0.id != profile.id && $0.name == profile.name }) else {
                    throw .conflict("connection profile '\(profile.name)'")
                }
                profiles[profile.id] = profile
                keys.append(.profile(id: profile.id))
            case .deleteConnectionProfile(let id):
                profiles[id] = nil
                keys.append(.profile(id: id))
            case .appendAudit(let entry):
                audit.append(entry)
            }
        }
        return keys
    }

    /// A preset may only point at stored versions of the same operation (a foreign key in SQL).
    private func checkReferences(of preset: Preset) throws(PresetError) {
        for (operation, id) in preset.operations where artifacts[id]?.operation != operation {
            throw .conflict("preset '\(preset.name)' (its \(operation) version is gone)")
        }
    }

    /// The change that makes a follower's copy of `key` what it is now.
    func current(_ key: ChangedObject) -> Change {
        switch key {
        case .artifact(let id): artifacts[id].map(Change.updateArtifact) ?? .deleteArtifact(id, revision: 0)
        case .preset(let id): presets[id].map(Change.updatePreset) ?? .deletePreset(id, revision: 0)
        case .binding(let scope): bindings[scope].map { .setBinding(Binding(scope, to: $0)) } ?? .removeBinding(scope)
        case .session(let id): sessions[id].map(Change.putSession) ?? .deleteSession(id, revision: 0)
        case .counter(let operation): .setCounter(operation: operation, value: counters[operation] ?? 0)
        case .profile(let id): profiles[id].map(Change.putConnectionProfile) ?? .deleteConnectionProfile(id: id)
        }
    }
}
