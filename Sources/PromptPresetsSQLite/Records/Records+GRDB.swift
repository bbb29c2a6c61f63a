import GRDB
import PromptPresetsStorage

// The engine-neutral rows of PromptPresetsStorage, read and written through GRDB's Codable
// support: their coding keys are the column names.

extension ArtifactRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifact"
}

extension UpdateDismissalRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "update_dismissal"
}

extension PresetRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "preset"
}

extension PresetOperationRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "preset_operation"
}

extension BindingRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "binding"
}

extension EditSessionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "edit_session"
}

extension ConnectionProfileRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "connection_profile"
}

extension OperationCounterRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "operation_counter"
}

extension AuditLogRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_log"
}
