import Foundation
import PromptPresets

/// A row of `audit_log`; `id` orders entries (newest = highest).
package struct AuditLogRecord: Codable, Hashable, Sendable {
    /// `nil` until inserted (AUTOINCREMENT).
    package var id: Int64?
    package var at: Double
    package var actor: String
    package var action: String
    package var subject: String
    package var before: String?
    package var after: String?

    package init(_ entry: AuditEntry) {
        id = nil
        at = entry.at.storedValue
        actor = entry.actor
        action = entry.action
        subject = entry.subject
        before = entry.before
        after = entry.after
    }

    package func domainValue() -> AuditEntry {
        AuditEntry(at: Date(storedValue: at), actor: actor, action: action, subject: subject, before: before, after: after)
    }

    /// The row's columns as they are stored.
    package init(id: Int64?, at: Double, actor: String, action: String, subject: String, before: String?, after: String?) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
    }
}
