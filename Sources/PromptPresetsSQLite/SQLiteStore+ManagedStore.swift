import Foundation
import GRDB
import PromptPresets
import PromptPresetsStorage

/// `ManagedStore`: the same file's settings, web sign-ins and status, through GRDB's async
/// accessors (never blocking Swift's cooperative threads).
extension SQLiteStore: ManagedStore {
    public var location: String { displayPath }

    /// `v4-web-sign-ins`: browser sign-ins, so they survive a restart and every server on the
    /// file knows them. The cookie value itself is never stored, only its SHA-256.
    static let webSignInsMigration = SchemaMigration("v4-web-sign-ins") { db in
        try db.execute(sql: """
            CREATE TABLE web_sign_in (
                id_hash TEXT PRIMARY KEY NOT NULL,
                csrf_token TEXT NOT NULL,
                created_at REAL NOT NULL
            );
            CREATE INDEX web_sign_in_on_created_at ON web_sign_in(created_at);
            """)
    }

    public func status() async throws -> StoreStatus {
        try await translatingErrors { try await writer.read { db in try self.readStatus(db) } }
    }

    public func bindings(to preset: PresetID) async throws -> [Binding] {
        try await translatingErrors { try await writer.read { db in try Self.fetchBindings(db, to: preset) } }
    }

    public func setting(_ key: String) async throws -> String? {
        try await translatingErrors { try await writer.read { db in try Self.fetchSetting(db, key) } }
    }

    public func setSetting(_ key: String, to value: String) async throws {
        try await translatingErrors { try await writeImmediately { db in try Self.storeSetting(db, key, value) } }
    }

    public func settings() async throws -> [String: String] {
        try await translatingErrors {
            try await writer.read { db in
                var settings: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM server_setting") {
                    settings[try row.decode(String.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1)
                }
                return settings
            }
        }
    }

    public func saveSignIn(_ signIn: WebSignIn) async throws {
        try await translatingErrors {
            try await writeImmediately { db in
                try db.execute(
                    sql: "INSERT INTO web_sign_in (id_hash, csrf_token, created_at) VALUES (?, ?, ?)",
                    arguments: [signIn.idHash, signIn.csrfToken, signIn.createdAt.storedValue])
            }
        }
    }

    public func signIn(idHash: String) async throws -> WebSignIn? {
        try await translatingErrors {
            try await writer.read { db in
                try Row.fetchOne(db, sql: "SELECT csrf_token, created_at FROM web_sign_in WHERE id_hash = ?", arguments: [idHash])
                    .map { row in
                        WebSignIn(
                            idHash: idHash, csrfToken: try row.decode(String.self, atIndex: 0),
                            createdAt: Date(storedValue: try row.decode(Double.self, atIndex: 1)))
                    }
            }
        }
    }

    public func deleteSignIn(idHash: String) async throws {
        try await translatingErrors {
            try await writeImmediately { db in
                try db.execute(sql: "DELETE FROM web_sign_in WHERE id_hash = ?", arguments: [idHash])
            }
        }
    }

    public func deleteSignIns(createdBefore date: Date) async throws {
        try await translatingErrors {
            try await writeImmediately { db in
                try db.execute(sql: "DELETE FROM web_sign_in WHERE created_at < ?", arguments: [date.storedValue])
            }
        }
    }

    /// Closes the file's connections.
    public func disconnect() async {
        try? writer.close()
    }

    public func fullAuditLog() async throws -> [AuditEntry] {
        try await translatingErrors {
            try await writer.read { db in try AuditLogRecord.order(Column("id")).fetchAll(db).map { $0.domainValue() } }
        }
    }
}
