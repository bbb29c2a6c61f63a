import GRDB
import PromptPresets

extension SQLiteStore {
    /// Persists one change inside the command's transaction. Throwing rolls the whole command back.
    ///
    /// Conflict rules match `InMemoryStore`: an update whose stored revision is not the one
    /// before the new value's, a counter that is not raised, or a uniqueness or reference
    /// constraint SQLite refuses all throw `PresetError.conflict` naming what changed.
    static func persist(_ change: Change, in db: Database) throws {
        do {
            try write(change, in: db)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw PresetError.conflict(try subject(of: change, in: db))
        }
    }

    private static func write(_ change: Change, in db: Database) throws {
        switch change {
        case .insertArtifact(let artifact):
            try ArtifactRecord(artifact).insert(db)
            for record in UpdateDismissalRecord.records(of: artifact) { try record.insert(db) }

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
            guard db.changesCount == 1 else { throw PresetError.conflict(subject(of: artifact)) }
            try execute(db, "DELETE FROM update_dismissal WHERE artifact_id = ?", [record.id])
            for dismissal in UpdateDismissalRecord.records(of: artifact) { try dismissal.insert(db) }

        case .deleteArtifact(let id):
            try execute(db, "DELETE FROM artifact WHERE id = ?", [id.rawValue])

        case .insertPreset(let preset):
            try PresetRecord(preset).insert(db)
            for record in PresetOperationRecord.records(of: preset) { try record.insert(db) }

        case .updatePreset(let preset):
            let record = PresetRecord(preset)
            try execute(db, """
                UPDATE preset SET name = ?, description = ?, created_at = ?, modified_at = ?, revision = ?
                WHERE id = ? AND revision = ?
                """, [
                    record.name, record.description, record.createdAt, record.modifiedAt, record.revision,
                    record.id, record.revision - 1,
                ])
            guard db.changesCount == 1 else { throw PresetError.conflict(subject(of: preset)) }
            try execute(db, "DELETE FROM preset_operation WHERE preset_id = ?", [record.id])
            for operation in PresetOperationRecord.records(of: preset) { try operation.insert(db) }

        case .deletePreset(let id):
            try execute(db, "DELETE FROM preset WHERE id = ?", [id.rawValue])

        case .setBinding(let binding):
            let record = BindingRecord(binding)
            try execute(db, """
                INSERT INTO binding (scope, key, preset_id) VALUES (?, ?, ?)
                ON CONFLICT (scope, key) DO UPDATE SET preset_id = excluded.preset_id
                """, [record.scope, record.key, record.presetID])

        case .removeBinding(let scope):
            try execute(db, "DELETE FROM binding WHERE scope = ? AND key = ?", [scope.kind.rawValue, scope.key])

        case .removeBindings(let preset):
            try execute(db, "DELETE FROM binding WHERE preset_id = ?", [preset.rawValue])

        case .putSession(let session):
            try EditSessionRecord(session).insert(db, onConflict: .replace)

        case .deleteSession(let id):
            try execute(db, "DELETE FROM edit_session WHERE id = ?", [id.rawValue])

        case .setCounter(let operation, let value):
            try execute(db, """
                INSERT INTO operation_counter (operation, last_number) VALUES (?, ?)
                ON CONFLICT (operation) DO UPDATE SET last_number = excluded.last_number
                WHERE last_number < excluded.last_number
                """, [operation, value])
            guard db.changesCount == 1 else { throw PresetError.conflict(counterSubject(operation)) }

        case .putConnectionProfile(let profile):
            // An upsert, not REPLACE: REPLACE would silently delete another profile holding the name.
            try execute(db, """
                INSERT INTO connection_profile (id, name, api) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, api = excluded.api
                """, [profile.id, profile.name, profile.api])

        case .deleteConnectionProfile(let id):
            try execute(db, "DELETE FROM connection_profile WHERE id = ?", [id])

        case .appendAudit(let entry):
            try AuditLogRecord(entry).insert(db)
        }
    }

    /// Runs a statement compiled once per connection (a bulk import repeats the same few).
    private static func execute(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    // MARK: Conflict subjects (worded as InMemoryStore words them)

    private static func subject(of artifact: Artifact) -> String {
        "\(artifact.operation) version '\(artifact.name)'"
    }

    private static func subject(of preset: Preset) -> String {
        "preset '\(preset.name)'"
    }

    private static func counterSubject(_ operation: String) -> String {
        "the version counter of '\(operation)'"
    }

    /// What a change that SQLite refused was about.
    private static func subject(of change: Change, in db: Database) throws -> String {
        switch change {
        case .insertArtifact(let artifact), .updateArtifact(let artifact):
            return subject(of: artifact)
        case .deleteArtifact(let id):
            // Only a preset still referencing it can refuse the delete.
            if let row = try Row.fetchOne(db, sql: "SELECT operation, name FROM artifact WHERE id = ?", arguments: [id.rawValue]) {
                let operation: String = row["operation"]
                let name: String = row["name"]
                return "\(operation) version '\(name)' (a preset references it now)"
            }
            return "version \(id.rawValue)"
        case .insertPreset(let preset), .updatePreset(let preset):
            return subject(of: preset)
        case .deletePreset(let id):
            return "preset \(id.rawValue)"
        case .setBinding(let binding):
            return binding.scope.description
        case .removeBinding(let scope):
            return scope.description
        case .removeBindings(let preset):
            return "the bindings of preset \(preset.rawValue)"
        case .putSession(let session):
            return "edit session \(session.id.rawValue)"
        case .deleteSession(let id):
            return "edit session \(id.rawValue)"
        case .setCounter(let operation, _):
            return counterSubject(operation)
        case .putConnectionProfile(let profile):
            return "connection profile '\(profile.name)'"
        case .deleteConnectionProfile(let id):
            return "connection profile \(id)"
        case .appendAudit:
            return "the audit log"
        }
    }
}
