import Foundation

/// A store that keeps everything in memory, with the same conflict rules as the SQLite one.
public final class InMemoryStore: PresetStore, @unchecked Sendable {
    private let lock = NSLock()
    private var state = StoredState()

    public init() {}

    public func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        var bindings = state.bindings
        if let context {
            bindings = Bindings()
            for scope in [context.chat.map(Scope.chat), context.character.map(Scope.character), .profile(context.profile)] {
                if let scope, let preset = state.bindings[scope] { bindings[scope] = preset }
            }
        }
        return Snapshot(
            catalog: catalog, artifacts: Array(state.artifacts.values), presets: Array(state.presets.values),
            bindings: bindings, sessions: Array(state.sessions.values),
            connectionProfiles: Array(state.profiles.values), counters: state.counters)
    }

    public func apply(_ changes: [Change]) throws {
        lock.lock()
        defer { lock.unlock() }
        var next = state
        try next.apply(changes)
        state = next
    }

    public func auditLog(limit: Int) throws -> [AuditEntry] {
        lock.lock()
        defer { lock.unlock() }
        return Array(state.audit.suffix(limit).reversed())
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

    mutating func apply(_ changes: [Change]) throws(PresetError) {
        for change in changes {
            switch change {
            case .insertArtifact(let artifact):
                guard artifacts[artifact.id] == nil,
                      !artifacts.values.contains(where: { $0.operation == artifact.operation && ($0.name == artifact.name || $0.number == artifact.number) })
                else { throw .conflict("\(artifact.operation) version '\(artifact.name)'") }
                artifacts[artifact.id] = artifact
            case .updateArtifact(let artifact):
                guard artifacts[artifact.id]?.revision == artifact.revision - 1 else {
                    throw .conflict("\(artifact.operation) version '\(artifact.name)'")
                }
                artifacts[artifact.id] = artifact
            case .deleteArtifact(let id):
                artifacts[id] = nil
            case .insertPreset(let preset):
                guard presets[preset.id] == nil, !presets.values.contains(where: { $0.name == preset.name }) else {
                    throw .conflict("preset '\(preset.name)'")
                }
                presets[preset.id] = preset
            case .updatePreset(let preset):
                guard presets[preset.id]?.revision == preset.revision - 1 else { throw .conflict("preset '\(preset.name)'") }
                presets[preset.id] = preset
            case .deletePreset(let id):
                presets[id] = nil
            case .setBinding(let binding):
                bindings[binding.scope] = binding.preset
            case .removeBinding(let scope):
                bindings[scope] = nil
            case .removeBindings(let preset):
                for binding in bindings.all where binding.preset == preset { bindings[binding.scope] = nil }
            case .putSession(let session):
                sessions[session.id] = session
            case .deleteSession(let id):
                sessions[id] = nil
            case .setCounter(let operation, let value):
                guard (counters[operation] ?? 0) < value else { throw .conflict("the version counter of '\(operation)'") }
                counters[operation] = value
            case .putConnectionProfile(let profile):
                profiles[profile.id] = profile
            case .deleteConnectionProfile(let id):
                profiles[id] = nil
            case .appendAudit(let entry):
                audit.append(entry)
            }
        }
    }
}
