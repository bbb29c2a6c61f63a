import Logging
import PostgresNIO
import PromptPresets
import PromptPresetsStorage

extension PostgresStore {
    static func fetchState(_ connection: PostgresConnection, logger: Logger) async throws -> StoreState {
        let rows = try await connection.query("SELECT version, log_floor FROM store_state WHERE id = 1", logger: logger)
        for try await (version, floor) in rows.decode((Int64, Int64).self) {
            return try StoreState(version: version, logFloor: floor)
        }
        throw InvalidRecord(detail: "store_state has no row")
    }

    /// Reads the state and its version into domain values (inside the caller's read transaction).
    static func fetchSnapshot(
        _ connection: PostgresConnection, catalog: Catalog, bindingsFor context: Context?, logger: Logger
    ) async throws -> Snapshot {
        let version = try await fetchState(connection, logger: logger).storeVersion
        let bindings = if let context {
            try await fetchBindings(connection, for: context, logger: logger)
        } else {
            try await fetchAllBindings(connection, logger: logger)
        }
        var sessions: [EditSession] = []
        for record in try await fetchSessions(connection, id: nil, logger: logger) { sessions.append(try record.domainValue()) }
        var counters: [String: Int] = [:]
        let counterRows = try await connection.query("SELECT operation, last_number FROM operation_counter", logger: logger)
        for try await (operation, value) in counterRows.decode((String, Int).self) {
            counters[operation] = try OperationCounterRecord(operation: operation, lastNumber: value).checkedValue()
        }
        return Snapshot(
            catalog: catalog,
            artifacts: try await fetchArtifacts(connection, ids: nil, logger: logger),
            presets: try await fetchPresets(connection, ids: nil, logger: logger),
            bindings: bindings, sessions: sessions,
            connectionProfiles: try await fetchProfiles(connection, id: nil, logger: logger).map { $0.domainValue() },
            counters: counters, version: version)
    }

    /// The context's bindings, the presets they name and the versions those presets use.
    static func fetchResolutionSnapshot(
        _ connection: PostgresConnection, catalog: Catalog, for context: Context, logger: Logger
    ) async throws -> Snapshot {
        let version = try await fetchState(connection, logger: logger).storeVersion
        let bindings = try await fetchBindings(connection, for: context, logger: logger)
        let presetIDs = Set(bindings.all.map(\.preset.rawValue)).subtracting([PresetID.default.rawValue]).sorted()
        let presets = try await fetchPresets(connection, ids: presetIDs, logger: logger)
        let artifactIDs = Set(presets.flatMap { $0.operations.values.map(\.rawValue) }).sorted()
        return Snapshot(
            catalog: catalog, artifacts: try await fetchArtifacts(connection, ids: artifactIDs, logger: logger),
            presets: presets, bindings: bindings, version: version)
    }

    /// The artifacts with `ids` (all with `nil`), each with its update dismissals.
    static func fetchArtifacts(_ connection: PostgresConnection, ids: [String]?, logger: Logger) async throws -> [Artifact] {
        let filter = ids == nil ? "" : " WHERE artifact_id = ANY($1)"
        var binds = PostgresBindings()
        if let ids { binds.append(ids) }
        var dismissals: [String: Set<SemanticVersion>] = [:]
        let dismissalRows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT artifact_id, version FROM update_dismissal" + filter, binds: binds), logger: logger)
        for try await (artifactID, version) in dismissalRows.decode((String, String).self) {
            dismissals[artifactID, default: []].insert(try UpdateDismissalRecord(artifactID: artifactID, version: version).domainValue())
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT id, operation, name, label, description, number, config, based_on, parent_kind, parent_ref,
                origin, created_at, modified_at, revision
            FROM artifact
            """ + (ids == nil ? "" : " WHERE id = ANY($1)"), binds: binds), logger: logger)
        var artifacts: [Artifact] = []
        for try await row in rows.decode(
            (String, String, String, String?, String, Int, String, String?, String, String?, String, Double, Double, Int).self) {
            let record = ArtifactRecord(
                id: row.0, operation: row.1, name: row.2, label: row.3, description: row.4, number: row.5,
                config: row.6, basedOn: row.7, parentKind: row.8, parentRef: row.9, origin: row.10,
                createdAt: row.11, modifiedAt: row.12, revision: row.13)
            artifacts.append(try record.domainValue(dismissedVersions: dismissals[record.id] ?? []))
        }
        return artifacts
    }

    /// The presets with `ids` (all with `nil`), each with its operation map.
    static func fetchPresets(_ connection: PostgresConnection, ids: [String]?, logger: Logger) async throws -> [Preset] {
        var binds = PostgresBindings()
        if let ids { binds.append(ids) }
        var operations: [String: [String: ArtifactID]] = [:]
        let operationRows = try await connection.query(PostgresQuery(
            unsafeSQL: "SELECT preset_id, operation, artifact_id FROM preset_operation" + (ids == nil ? "" : " WHERE preset_id = ANY($1)"),
            binds: binds), logger: logger)
        for try await (presetID, operation, artifactID) in operationRows.decode((String, String, String).self) {
            operations[presetID, default: [:]][operation] = ArtifactID(artifactID)
        }
        let rows = try await connection.query(PostgresQuery(
            unsafeSQL: "SELECT id, name, description, created_at, modified_at, revision FROM preset" + (ids == nil ? "" : " WHERE id = ANY($1)"),
            binds: binds), logger: logger)
        var presets: [Preset] = []
        for try await row in rows.decode((String, String, String, Double, Double, Int).self) {
            let record = PresetRecord(
                id: row.0, name: row.1, description: row.2, createdAt: row.3, modifiedAt: row.4, revision: row.5)
            presets.append(try record.domainValue(operations: operations[record.id] ?? [:]))
        }
        return presets
    }

    /// Every session, or the one with `id`.
    static func fetchSessions(_ connection: PostgresConnection, id: String?, logger: Logger) async throws -> [EditSessionRecord] {
        var binds = PostgresBindings()
        if let id { binds.append(id) }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT id, preset_id, operation, previous_artifact_id, start_config, artifact_id, opened_at,
                last_activity_at, owner, revision, copy_scope, copy_key
            FROM edit_session
            """ + (id == nil ? "" : " WHERE id = $1"), binds: binds), logger: logger)
        var records: [EditSessionRecord] = []
        for try await row in rows.decode(
            (String, String, String, String?, String, String?, Double, Double, String, Int, String?, String?).self) {
            records.append(EditSessionRecord(
                id: row.0, presetID: row.1, operation: row.2, previousArtifactID: row.3, startConfig: row.4,
                artifactID: row.5, openedAt: row.6, lastActivityAt: row.7, owner: row.8, revision: row.9,
                copyScope: row.10, copyKey: row.11))
        }
        return records
    }

    /// Every connection profile, or the one with `id`.
    static func fetchProfiles(_ connection: PostgresConnection, id: String?, logger: Logger) async throws -> [ConnectionProfileRecord] {
        var binds = PostgresBindings()
        if let id { binds.append(id) }
        let rows = try await connection.query(PostgresQuery(
            unsafeSQL: "SELECT id, name, api FROM connection_profile" + (id == nil ? "" : " WHERE id = $1"), binds: binds),
            logger: logger)
        var records: [ConnectionProfileRecord] = []
        for try await (id, name, api) in rows.decode((String, String, String).self) {
            records.append(ConnectionProfileRecord(id: id, name: name, api: api))
        }
        return records
    }

    /// The bindings of a context's chat, character and profile, each by primary key.
    static func fetchBindings(_ connection: PostgresConnection, for context: Context, logger: Logger) async throws -> Bindings {
        var bindings = Bindings()
        for scope in context.scopes {
            if let preset = try await fetchBinding(connection, scope, logger: logger) { bindings[scope] = preset }
        }
        return bindings
    }

    static func fetchBinding(_ connection: PostgresConnection, _ scope: Scope, logger: Logger) async throws -> PresetID? {
        let rows = try await connection.query(
            "SELECT preset_id FROM binding WHERE scope = \(scope.kind.rawValue) AND key = \(scope.key)", logger: logger)
        for try await preset in rows.decode(String.self) { return PresetID(preset) }
        return nil
    }

    /// Every binding, streamed (there may be millions of chat bindings).
    static func fetchAllBindings(_ connection: PostgresConnection, logger: Logger) async throws -> Bindings {
        var presetIDs = SharedPresetIDs()
        var byKind: [ScopeKind: [String: PresetID]] = [:]
        let rows = try await connection.query("SELECT scope, key, preset_id FROM binding", logger: logger)
        for try await (scope, key, presetText) in rows.decode((String, String, String).self) {
            guard let kind = ScopeKind(rawValue: scope) else {
                throw InvalidRecord(detail: "binding '\(key)' has an unknown scope '\(scope)'")
            }
            byKind[kind, default: [:]][key] = presetIDs.id(presetText)
        }
        return Bindings(chats: byKind[.chat] ?? [:], characters: byKind[.character] ?? [:], profiles: byKind[.profile] ?? [:])
    }

    /// Audit entries, newest or oldest first.
    static func fetchAuditLog(
        _ connection: PostgresConnection, newestFirst: Bool, limit: Int?, logger: Logger
    ) async throws -> [AuditEntry] {
        var sql = "SELECT id, at, actor, action, subject, before, after FROM audit_log ORDER BY id " + (newestFirst ? "DESC" : "ASC")
        var binds = PostgresBindings()
        if let limit {
            sql += " LIMIT $1"
            binds.append(limit)
        }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var entries: [AuditEntry] = []
        for try await row in rows.decode((Int64, Double, String, String, String, String?, String?).self) {
            entries.append(AuditLogRecord(
                id: row.0, at: row.1, actor: row.2, action: row.3, subject: row.4, before: row.5, after: row.6).domainValue())
        }
        return entries
    }
}
