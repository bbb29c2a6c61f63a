import GRDB

/// Small key/value settings of the programs that use the store (the server's admin token hash).
///
/// Values are plain text; nothing secret is ever stored in clear (the server keeps only a hash of its token).
extension SQLiteStore {
    /// `v2-server-settings`: the `server_setting` table.
    static let serverSettingsMigration = SchemaMigration("v2-server-settings") { db in
        try db.execute(sql: """
            CREATE TABLE server_setting (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            )
            """)
    }

    /// The value stored under `key`, if any.
    public func setting(_ key: String) throws -> String? {
        try translatingErrors {
            try writer.read { db in try Self.fetchSetting(db, key) }
        }
    }

    /// Stores `value` under `key`, replacing any previous value, in one transaction.
    public func setSetting(_ key: String, to value: String) throws {
        try translatingErrors {
            try writeImmediately { db in try Self.storeSetting(db, key, value) }
        }
    }

    static func fetchSetting(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM server_setting WHERE key = ?", arguments: [key])
    }

    static func storeSetting(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(
            sql: "INSERT INTO server_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }
}
