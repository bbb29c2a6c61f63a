import Foundation
import GRDB
import PromptPresets

/// A row of `audit_log`; `id` orders entries (newest = highest).
struct AuditLogRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "audit_log"

    /// `nil` until inserted (AUTOINCREMENT).
    var id: Int64?
    var at: Double
    var actor: String
    var action: String
    var subject: String
    var before: String?
    var after: String?

    init(_ entry: AuditEntry) {
        id = nil
        at = entry.at.storedValue
        actor = entry.actor
        action = entry.action
        subject = entry.subject
        before = entry.before
        after = entry.after
    }

    func domainValue() -> AuditEntry {
        AuditEntry(at: Date(storedValue: at), actor: actor, action: action, subject: subject, before: before, after: after)
    }
}
