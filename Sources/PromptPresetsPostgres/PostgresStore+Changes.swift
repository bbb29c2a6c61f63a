import Logging
import PostgresNIO
import PromptPresets
import PromptPresetsStorage

extension PostgresStore {
    /// What changed after `since` (inside the caller's read transaction): each object the log
    /// names once, in the order of its first change, as it is now. Objects are read a kind at
    /// a time, so catching up after a bulk write of many bindings takes a few statements.
    static func fetchChanges(after since: StoreVersion, _ connection: PostgresConnection, logger: Logger) async throws -> ChangeFeed {
        let state = try await fetchState(connection, logger: logger)
        if since.rawValue >= state.version { return .changes([], through: state.storeVersion) }
        if since.rawValue < state.logFloor { return .reloadRequired(current: state.storeVersion) }

        var objects: [ChangedObject] = []
        let rows = try await connection.query("""
            SELECT entity, key FROM change_log WHERE version > \(since.rawValue)
            GROUP BY entity, key ORDER BY MIN(id)
            """, logger: logger)
        for try await (entity, key) in rows.decode((String, String).self) {
            objects.append(try ChangedObject(entity: entity, key: key))
        }
        let current = try await CurrentObjects.fetch(objects, connection, logger: logger)
        return .changes(objects.map(current.change(of:)), through: state.storeVersion)
    }
}

extension PostgresStore {
    /// The commits after `since`, at most `limit` (inside the caller's read transaction).
    static func fetchCommits(after since: StoreVersion, limit: Int, _ connection: PostgresConnection, logger: Logger) async throws -> CommitLog {
        let state = try await fetchState(connection, logger: logger)
        guard let range = CommitLog.versions(after: since, limit: limit, current: state.storeVersion) else {
            return .commits([], current: state.storeVersion)
        }
        if since.rawValue < state.logFloor { return .truncated(current: state.storeVersion) }
        var objects: [(version: StoreVersion, object: ChangedObject)] = []
        let rows = try await connection.query("""
            SELECT version, entity, key FROM change_log
            WHERE version BETWEEN \(range.lowerBound) AND \(range.upperBound) ORDER BY id
            """, logger: logger)
        for try await (version, entity, key) in rows.decode((Int64, String, String).self) {
            objects.append((StoreVersion(version), try ChangedObject(entity: entity, key: key)))
        }
        return CommitLog.grouping(objects, versions: range, current: state.storeVersion)
    }
}

/// The current state of the objects a feed names, read a kind at a time.
private struct CurrentObjects {
    var artifacts: [ArtifactID: Artifact] = [:]
    var presets: [PresetID: Preset] = [:]
    var bindings: [Scope: PresetID] = [:]
    var sessions: [SessionID: EditSession] = [:]
    var counters: [String: Int] = [:]
    var profiles: [String: ConnectionProfile] = [:]

    static func fetch(_ objects: [ChangedObject], _ connection: PostgresConnection, logger: Logger) async throws -> CurrentObjects {
        var artifactIDs: [String] = [], presetIDs: [String] = [], scopes: [Scope] = []
        var sessionIDs: [String] = [], operations: [String] = [], profileIDs: [String] = []
        for object in objects {
            switch object {
            case .artifact(let id): artifactIDs.append(id.rawValue)
            case .preset(let id): presetIDs.append(id.rawValue)
            case .binding(let scope): scopes.append(scope)
            case .session(let id): sessionIDs.append(id.rawValue)
            case .counter(let operation): operations.append(operation)
            case .profile(let id): profileIDs.append(id)
            }
        }
        var current = CurrentObjects()
        if !artifactIDs.isEmpty {
            for artifact in try await PostgresStore.fetchArtifacts(connection, ids: artifactIDs, logger: logger) {
                current.artifacts[artifact.id] = artifact
            }
        }
        if !presetIDs.isEmpty {
            for preset in try await PostgresStore.fetchPresets(connection, ids: presetIDs, logger: logger) {
                current.presets[preset.id] = preset
            }
        }
        if !scopes.isEmpty {
            let rows = try await connection.query("""
                SELECT binding.scope, binding.key, binding.preset_id FROM binding
                JOIN unnest(\(scopes.map(\.kind.rawValue))::text[], \(scopes.map(\.key))::text[]) AS wanted(scope, key)
                    ON binding.scope = wanted.scope AND binding.key = wanted.key
                """, logger: logger)
            for try await (scope, key, preset) in rows.decode((String, String, String).self) {
                guard let kind = ScopeKind(rawValue: scope) else { continue }
                current.bindings[Scope(kind, key)] = PresetID(preset)
            }
        }
        for id in sessionIDs {
            for record in try await PostgresStore.fetchSessions(connection, id: id, logger: logger) {
                current.sessions[SessionID(record.id)] = try record.domainValue()
            }
        }
        if !operations.isEmpty {
            let rows = try await connection.query(
                "SELECT operation, last_number FROM operation_counter WHERE operation = ANY(\(operations))", logger: logger)
            for try await (operation, value) in rows.decode((String, Int).self) {
                current.counters[operation] = try OperationCounterRecord(operation: operation, lastNumber: value).checkedValue()
            }
        }
        for id in profileIDs {
            for record in try await PostgresStore.fetchProfiles(connection, id: id, logger: logger) {
                current.profiles[record.id] = record.domainValue()
            }
        }
        return current
    }

    /// The change that makes a follower's copy of `object` what the store holds now.
    func change(of object: ChangedObject) -> Change {
        switch object {
        case .artifact(let id): artifacts[id].map(Change.updateArtifact) ?? .deleteArtifact(id, revision: 0)
        case .preset(let id): presets[id].map(Change.updatePreset) ?? .deletePreset(id, revision: 0)
        case .binding(let scope): bindings[scope].map { .setBinding(Binding(scope, to: $0)) } ?? .removeBinding(scope)
        case .session(let id): sessions[id].map(Change.putSession) ?? .deleteSession(id, revision: 0)
        case .counter(let operation): .setCounter(operation: operation, value: counters[operation] ?? 0)
        case .profile(let id): profiles[id].map(Change.putConnectionProfile) ?? .deleteConnectionProfile(id: id)
        }
    }
}
