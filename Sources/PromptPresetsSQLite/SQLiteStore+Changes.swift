import GRDB
import PromptPresets
import PromptPresetsStorage

extension SQLiteStore {
    /// Persists one change inside the commit's transaction and returns the objects it touched,
    /// for the change log. Throwing rolls the whole commit back.
    ///
    /// Conflict rules match `InMemoryStore`: an update whose stored revision is not the one
    /// before the new value's, a delete of a revision that is not the stored one, a session
    /// inserted twice, a counter that is not raised, a binding to a preset that is gone, or a
    /// uniqueness or reference constraint SQLite refuses all throw `PresetError.conflict`
    /// naming what changed. Every check is in the SQL statement itself, so it holds against
    /// writers in other processes.
    static func persist(_ change: Change, in db: Database) throws -> [ChangedObject] {
        do {
            return try write(change, in: db)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw PresetError.conflict(try subject(of: change, in: db))
        }
    }

    private static func write(_ change: Change, in db: Database) throws -> [ChangedObject] {
        switch change {
        case .insertArtifact(let artifact):
            try ArtifactRecord(artifact).insert(db)
            for record in UpdateDismissalRecord.records(of: artifact) { try record.insert(db) }
            return [.artifact(artifact.id)]

        case .updateArtifact(let artifact):
            let record = ArtifactRecord(artifact)
            try execute(db, """
                UPDATE artifact SET operation = ?, name = ?, label = ?, description = ?, number = ?,
                    config = ?, based_on = ?, parent_kind = ?, parent_ref = ?, origin = ?,
                    created_at = ?, modified_at = ?, revision = ?
                WHERE id = ? AND revision = ?
                """, [
                    record.operation, record.name, record.label, record.description, record.number,
                    record.config, record.basedOn, record.parentKind, record.parentRef, record.origin,
                    record.createdAt, record.modifiedAt, record.revision,
                    record.id, record.revision - 1,
                ])
            guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.artifact(artifact)) }
            try execute(db, "DELETE FROM update_dismissal WHERE artifact_id = ?", [record.id])
            for dismissal in UpdateDismissalRecord.records(of: artifact) { try dismissal.insert(db) }
            return [.artifact(artifact.id)]

        case .deleteArtifact(let id, let revision):
            try execute(db, "DELETE FROM artifact WHERE id = ? AND revision = ?", [id.rawValue, revision])
            guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.artifact(id: id)) }
            return [.artifact(id)]

        case .insertPreset(let preset):
            try PresetRecord(preset).insert(db)
            for record in PresetOperationRecord.records(of: preset) { try record.insert(db) }
            return [.preset(preset.id)]

        case .updatePreset(let preset):
            let record = PresetRecord(preset)
            try execute(db, """
                UPDATE preset SET name = ?, description = ?, created_at = ?, modified_at = ?, revision = ?
                WHERE id = ? AND revision = ?
                """, [
                    record.name, record.description, record.createdAt, record.modifiedAt, record.revision,
                    record.id, record.revision - 1,
                ])
            guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.preset(preset)) }
            try execute(db, "DELETE FROM preset_operation WHERE preset_id = ?", [record.id])
            for operation in PresetOperationRecord.records(of: preset) { try operation.insert(db) }
            return [.preset(preset.id)]

        case .deletePreset(let id, let revision):
            try execute(db, "DELETE FROM preset WHERE id = ? AND revision = ?", [id.rawValue, revision])
            guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.preset(id: id)) }
            return [.preset(id)]

        case .setBinding(let binding):
            // Default is virtual (never stored); any other preset must exist when the binding is written.
            let record = BindingRecord(binding)
            try execute(db, """
                INSERT INTO binding (scope, key, preset_id)
                SELECT ?, ?, ? WHERE ? = ? OR EXISTS (SELECT 1 FROM preset WHERE id = ?)
                ON CONFLICT (scope, key) DO UPDATE SET preset_id = excluded.preset_id
                """, [record.scope, record.key, record.presetID, record.presetID, PresetID.default.rawValue, record.presetID])
            guard db.changesCount == 1 else { throw PresetError.conflict(binding.scope.description) }
            return [.binding(binding.scope)]

        case .removeBinding(let scope):
            try execute(db, "DELETE FROM binding WHERE scope = ? AND key = ?", [scope.kind.rawValue, scope.key])
            return [.binding(scope)]

        case .removeBindings(let preset):
            // The index on preset_id makes this cost the bindings removed, not all bindings;
            // RETURNING (SQLite 3.35+) names each one for the change log.
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "DELETE FROM binding WHERE preset_id = ? RETURNING scope, key"),
                arguments: [preset.rawValue])
            return try rows.map { row in
                let kind = try row.decode(String.self, atIndex: 0)
                guard let scope = ScopeKind(rawValue: kind) else {
                    throw InvalidRecord(detail: "a binding of preset \(preset.rawValue) has an unknown scope '\(kind)'")
                }
                return .binding(Scope(scope, try row.decode(String.self, atIndex: 1)))
            }

        case .putSession(let session):
            let record = EditSessionRecord(session)
            if session.revision == 1 {
                // A second insert of the id fails on the primary key: someone else opened it.
                try record.insert(db)
            } else {
                try execute(db, """
                    UPDATE edit_session SET preset_id = ?, operation = ?, previous_artifact_id = ?,
                        start_config = ?, artifact_id = ?, opened_at = ?, last_activity_at = ?,
                        owner = ?, revision = ?, copy_scope = ?, copy_key = ?
                    WHERE id = ? AND revision = ?
                    """, [
                        record.presetID, record.operation, record.previousArtifactID,
                        record.startConfig, record.artifactID, record.openedAt, record.lastActivityAt,
                        record.owner, record.revision, record.copyScope, record.copyKey,
                        record.id, record.revision - 1,
                    ])
                guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.session(id: session.id)) }
            }
            return [.session(session.id)]

        case .deleteSession(let id, let revision):
            try execute(db, "DELETE FROM edit_session WHERE id = ? AND revision = ?", [id.rawValue, revision])
            guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.session(id: id)) }
            return [.session(id)]

        case .setCounter(let operation, let value):
            try execute(db, """
                INSERT INTO operation_counter (operation, last_number) VALUES (?, ?)
                ON CONFLICT (operation) DO UPDATE SET last_number = excluded.last_number
                WHERE last_number < excluded.last_number
                """, [operation, value])
            guard db.changesCount == 1 else { throw PresetError.conflict(ConflictSubject.counter(operation: operation)) }
            return [.counter(operation: operation)]

        case .putConnectionProfile(let profile):
            // An upsert, not REPLACE: REPLACE would silently delete another profile holding the name.
            try execute(db, """
                INSERT INTO connection_profile (id, name, api) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, api = excluded.api
                """, [profile.id, profile.name, profile.api])
            return [.profile(id: profile.id)]

        case .deleteConnectionProfile(let id):
            try execute(db, "DELETE FROM connection_profile WHERE id = ?", [id])
            return [.profile(id: id)]

        case .appendAudit(let entry):
            // The audit log is append-only and read newest first: followers need no log row.
            try AuditLogRecord(entry).insert(db)
            return []
        }
    }

    /// Runs a statement compiled once per connection (a bulk import repeats the same few).
    private static func execute(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// What a change that SQLite refused was about.
    private static func subject(of change: Change, in db: Database) throws -> String {
        try ConflictSubject.of(
            change,
            storedVersion: { id in try ArtifactRecord.fetchOne(db, key: id.rawValue).map { ($0.operation, $0.name) } },
            versionExists: { id in try ArtifactRecord.exists(db, key: id.rawValue) })
    }
}
