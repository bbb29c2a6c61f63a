import Logging
import PostgresNIO
import PromptPresets
import PromptPresetsStorage

extension PostgresStore {
    /// A change a constraint of the database refused; the commit rolls back, and the conflict
    /// is named after looking at what is stored now.
    private struct RefusedChange: Error {
        var change: Change
    }

    /// The most bindings written by one statement.
    static let bindingBatchSize = 10_000

    /// Persists `changes` as the next version in one transaction: locks `store_state` (so
    /// commits are serial), bumps the version, writes every change with its revision check in
    /// the statement, logs what it touched and notifies followers. Nothing is written when
    /// any change is refused.
    func commit(_ changes: [Change], on connection: PostgresConnection) async throws -> StoreVersion {
        let logger = self.logger
        let retention = changeLogRetention
        do {
            return try await connection.inTransaction(logger: logger) { connection in
                let rows = try await connection.query("SELECT version, log_floor FROM store_state WHERE id = 1 FOR UPDATE", logger: logger)
                var locked: StoreState?
                for try await (version, floor) in rows.decode((Int64, Int64).self) { locked = try StoreState(version: version, logFloor: floor) }
                guard let state = locked else { throw InvalidRecord(detail: "store_state has no row") }
                let version = state.version + 1
                try await connection.run("UPDATE store_state SET version = \(version) WHERE id = 1", logger: logger)

                var touched: [ChangedObject] = []
                var index = changes.startIndex
                while index < changes.endIndex {
                    let batch = Self.bindingRun(in: changes, from: index)
                    if batch.count > 1 {
                        touched += try await Self.setBindings(batch, on: connection, logger: logger)
                        index += batch.count
                        continue
                    }
                    let change = changes[index]
                    do {
                        touched += try await Self.persist(change, on: connection, logger: logger)
                    } catch where Self.isRefusal(error) {
                        throw RefusedChange(change: change)
                    }
                    index += 1
                }
                try await Self.log(touched, version: version, on: connection, logger: logger)
                if let floor = StoreState.trimmedFloor(from: state.logFloor, afterCommitting: version, retention: retention) {
                    try await connection.run("DELETE FROM change_log WHERE version <= \(floor)", logger: logger)
                    try await connection.run("UPDATE store_state SET log_floor = \(floor) WHERE id = 1", logger: logger)
                }
                try await connection.run("SELECT pg_notify(\(Self.commitChannel), \(String(version)))", logger: logger)
                return StoreVersion(version)
            }
        } catch let refused as RefusedChange {
            throw PresetError.conflict(try await conflictSubject(of: refused.change, on: connection))
        } catch where Self.sqlState(of: error).map(Self.isSerializationFailure) == true {
            throw PresetError.conflict("the store (another commit ran at the same time)")
        }
    }

    /// Integrity constraints (class 23) refuse a change the way SQLite's constraints do.
    private static func isRefusal(_ error: any Error) -> Bool {
        sqlState(of: error)?.hasPrefix("23") == true
    }

    private static func isSerializationFailure(_ state: String) -> Bool {
        state == "40001" || state == "40P01"
    }

    /// What a refused change was about, read after the rollback.
    private func conflictSubject(of change: Change, on connection: PostgresConnection) async throws -> String {
        let referenced: [ArtifactID] = switch change {
        case .deleteArtifact(let id, _): [id]
        case .insertPreset(let preset), .updatePreset(let preset): Array(preset.operations.values)
        default: []
        }
        var stored: [ArtifactID: (operation: String, name: String)] = [:]
        if !referenced.isEmpty {
            let rows = try await connection.query(
                "SELECT id, operation, name FROM artifact WHERE id = ANY(\(referenced.map(\.rawValue)))", logger: logger)
            for try await (id, operation, name) in rows.decode((String, String, String).self) {
                stored[ArtifactID(id)] = (operation, name)
            }
        }
        return ConflictSubject.of(change, storedVersion: { stored[$0] }, versionExists: { stored[$0] != nil })
    }

    /// The consecutive `setBinding` changes from `start` with distinct scopes, up to a batch.
    private static func bindingRun(in changes: [Change], from start: Int) -> [Binding] {
        var batch: [Binding] = []
        var scopes: Set<Scope> = []
        for change in changes[start...] {
            guard case .setBinding(let binding) = change, batch.count < bindingBatchSize,
                  scopes.insert(binding.scope).inserted else { break }
            batch.append(binding)
        }
        return batch
    }

    /// Writes many bindings in one statement. Default is virtual (never stored); any other
    /// preset must exist when the binding is written.
    private static func setBindings(_ bindings: [Binding], on connection: PostgresConnection, logger: Logger) async throws -> [ChangedObject] {
        let written = try await connection.count("""
            INSERT INTO binding (scope, key, preset_id)
            SELECT input.scope, input.key, input.preset_id
            FROM unnest(\(bindings.map(\.scope.kind.rawValue))::text[], \(bindings.map(\.scope.key))::text[],
                \(bindings.map(\.preset.rawValue))::text[]) AS input(scope, key, preset_id)
            WHERE input.preset_id = \(PresetID.default.rawValue) OR EXISTS (SELECT 1 FROM preset WHERE preset.id = input.preset_id)
            ON CONFLICT (scope, key) DO UPDATE SET preset_id = excluded.preset_id
            RETURNING 1
            """, logger: logger)
        guard written == bindings.count else {
            var existing: Set<String> = []
            let rows = try await connection.query(
                "SELECT id FROM preset WHERE id = ANY(\(bindings.map(\.preset.rawValue)))", logger: logger)
            for try await id in rows.decode(String.self) { existing.insert(id) }
            let refused = bindings.first { $0.preset != .default && !existing.contains($0.preset.rawValue) } ?? bindings[0]
            throw PresetError.conflict(refused.scope.description)
        }
        return bindings.map { .binding($0.scope) }
    }

    /// One change-log row per touched object, in one statement.
    private static func log(_ objects: [ChangedObject], version: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        guard !objects.isEmpty else { return }
        try await connection.run("""
            INSERT INTO change_log (version, entity, key)
            SELECT \(version), entity, key FROM unnest(\(objects.map(\.entity))::text[], \(objects.map(\.key))::text[]) AS t(entity, key)
            """, logger: logger)
    }

    /// Persists one change; see `SQLiteStore.persist(_:in:)` for the rules, which are the same.
    private static func persist(_ change: Change, on connection: PostgresConnection, logger: Logger) async throws -> [ChangedObject] {
        switch change {
        case .insertArtifact(let artifact):
            let r = ArtifactRecord(artifact)
            try await connection.run("""
                INSERT INTO artifact (id, operation, name, label, description, number, config, based_on, parent_kind,
                    parent_ref, origin, created_at, modified_at, revision)
                VALUES (\(r.id), \(r.operation), \(r.name), \(r.label), \(r.description), \(r.number), \(r.config),
                    \(r.basedOn), \(r.parentKind), \(r.parentRef), \(r.origin), \(r.createdAt), \(r.modifiedAt), \(r.revision))
                """, logger: logger)
            try await insertDismissals(of: artifact, on: connection, logger: logger)
            return [.artifact(artifact.id)]

        case .updateArtifact(let artifact):
            let r = ArtifactRecord(artifact)
            let updated = try await connection.count("""
                UPDATE artifact SET operation = \(r.operation), name = \(r.name), label = \(r.label),
                    description = \(r.description), number = \(r.number), config = \(r.config), based_on = \(r.basedOn),
                    parent_kind = \(r.parentKind), parent_ref = \(r.parentRef), origin = \(r.origin),
                    created_at = \(r.createdAt), modified_at = \(r.modifiedAt), revision = \(r.revision)
                WHERE id = \(r.id) AND revision = \(r.revision - 1)
                RETURNING 1
                """, logger: logger)
            guard updated == 1 else { throw PresetError.conflict(ConflictSubject.artifact(artifact)) }
            try await connection.run("DELETE FROM update_dismissal WHERE artifact_id = \(r.id)", logger: logger)
            try await insertDismissals(of: artifact, on: connection, logger: logger)
            return [.artifact(artifact.id)]

        case .deleteArtifact(let id, let revision):
            let deleted = try await connection.count(
                "DELETE FROM artifact WHERE id = \(id.rawValue) AND revision = \(revision) RETURNING 1", logger: logger)
            guard deleted == 1 else { throw PresetError.conflict(ConflictSubject.artifact(id: id)) }
            return [.artifact(id)]

        case .insertPreset(let preset):
            let r = PresetRecord(preset)
            try await connection.run("""
                INSERT INTO preset (id, name, description, created_at, modified_at, revision)
                VALUES (\(r.id), \(r.name), \(r.description), \(r.createdAt), \(r.modifiedAt), \(r.revision))
                """, logger: logger)
            try await insertOperations(of: preset, on: connection, logger: logger)
            return [.preset(preset.id)]

        case .updatePreset(let preset):
            let r = PresetRecord(preset)
            let updated = try await connection.count("""
                UPDATE preset SET name = \(r.name), description = \(r.description), created_at = \(r.createdAt),
                    modified_at = \(r.modifiedAt), revision = \(r.revision)
                WHERE id = \(r.id) AND revision = \(r.revision - 1)
                RETURNING 1
                """, logger: logger)
            guard updated == 1 else { throw PresetError.conflict(ConflictSubject.preset(preset)) }
            try await connection.run("DELETE FROM preset_operation WHERE preset_id = \(r.id)", logger: logger)
            try await insertOperations(of: preset, on: connection, logger: logger)
            return [.preset(preset.id)]

        case .deletePreset(let id, let revision):
            let deleted = try await connection.count(
                "DELETE FROM preset WHERE id = \(id.rawValue) AND revision = \(revision) RETURNING 1", logger: logger)
            guard deleted == 1 else { throw PresetError.conflict(ConflictSubject.preset(id: id)) }
            return [.preset(id)]

        case .setBinding(let binding):
            return try await setBindings([binding], on: connection, logger: logger)

        case .removeBinding(let scope):
            try await connection.run(
                "DELETE FROM binding WHERE scope = \(scope.kind.rawValue) AND key = \(scope.key)", logger: logger)
            return [.binding(scope)]

        case .removeBindings(let preset):
            let rows = try await connection.query(
                "DELETE FROM binding WHERE preset_id = \(preset.rawValue) RETURNING scope, key", logger: logger)
            var removed: [ChangedObject] = []
            for try await (scope, key) in rows.decode((String, String).self) {
                guard let kind = ScopeKind(rawValue: scope) else {
                    throw InvalidRecord(detail: "a binding of preset \(preset.rawValue) has an unknown scope '\(scope)'")
                }
                removed.append(.binding(Scope(kind, key)))
            }
            return removed

        case .putSession(let session):
            let r = EditSessionRecord(session)
            if session.revision == 1 {
                // A second insert of the id fails on the primary key: someone else opened it.
                try await connection.run("""
                    INSERT INTO edit_session (id, preset_id, operation, previous_artifact_id, start_config, artifact_id,
                        opened_at, last_activity_at, owner, revision, copy_scope, copy_key)
                    VALUES (\(r.id), \(r.presetID), \(r.operation), \(r.previousArtifactID), \(r.startConfig), \(r.artifactID),
                        \(r.openedAt), \(r.lastActivityAt), \(r.owner), \(r.revision), \(r.copyScope), \(r.copyKey))
                    """, logger: logger)
            } else {
                let updated = try await connection.count("""
                    UPDATE edit_session SET preset_id = \(r.presetID), operation = \(r.operation),
                        previous_artifact_id = \(r.previousArtifactID), start_config = \(r.startConfig),
                        artifact_id = \(r.artifactID), opened_at = \(r.openedAt), last_activity_at = \(r.lastActivityAt),
                        owner = \(r.owner), revision = \(r.revision), copy_scope = \(r.copyScope), copy_key = \(r.copyKey)
                    WHERE id = \(r.id) AND revision = \(r.revision - 1)
                    RETURNING 1
                    """, logger: logger)
                guard updated == 1 else { throw PresetError.conflict(ConflictSubject.session(id: session.id)) }
            }
            return [.session(session.id)]

        case .deleteSession(let id, let revision):
            let deleted = try await connection.count(
                "DELETE FROM edit_session WHERE id = \(id.rawValue) AND revision = \(revision) RETURNING 1", logger: logger)
            guard deleted == 1 else { throw PresetError.conflict(ConflictSubject.session(id: id)) }
            return [.session(id)]

        case .setCounter(let operation, let value):
            let raised = try await connection.count("""
                INSERT INTO operation_counter (operation, last_number) VALUES (\(operation), \(value))
                ON CONFLICT (operation) DO UPDATE SET last_number = excluded.last_number
                WHERE operation_counter.last_number < excluded.last_number
                RETURNING 1
                """, logger: logger)
            guard raised == 1 else { throw PresetError.conflict(ConflictSubject.counter(operation: operation)) }
            return [.counter(operation: operation)]

        case .putConnectionProfile(let profile):
            // An upsert: another profile holding the name is refused by the UNIQUE constraint.
            try await connection.run("""
                INSERT INTO connection_profile (id, name, api) VALUES (\(profile.id), \(profile.name), \(profile.api))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, api = excluded.api
                """, logger: logger)
            return [.profile(id: profile.id)]

        case .deleteConnectionProfile(let id):
            try await connection.run("DELETE FROM connection_profile WHERE id = \(id)", logger: logger)
            return [.profile(id: id)]

        case .appendAudit(let entry):
            let r = AuditLogRecord(entry)
            try await connection.run("""
                INSERT INTO audit_log (at, actor, action, subject, before, after)
                VALUES (\(r.at), \(r.actor), \(r.action), \(r.subject), \(r.before), \(r.after))
                """, logger: logger)
            return []
        }
    }

    private static func insertDismissals(of artifact: Artifact, on connection: PostgresConnection, logger: Logger) async throws {
        let versions = UpdateDismissalRecord.records(of: artifact).map(\.version)
        guard !versions.isEmpty else { return }
        try await connection.run("""
            INSERT INTO update_dismissal (artifact_id, version)
            SELECT \(artifact.id.rawValue), version FROM unnest(\(versions)::text[]) AS t(version)
            """, logger: logger)
    }

    private static func insertOperations(of preset: Preset, on connection: PostgresConnection, logger: Logger) async throws {
        let records = PresetOperationRecord.records(of: preset)
        guard !records.isEmpty else { return }
        try await connection.run("""
            INSERT INTO preset_operation (preset_id, operation, artifact_id)
            SELECT \(preset.id.rawValue), operation, artifact_id
            FROM unnest(\(records.map(\.operation))::text[], \(records.map(\.artifactID))::text[]) AS t(operation, artifact_id)
            """, logger: logger)
    }
}
