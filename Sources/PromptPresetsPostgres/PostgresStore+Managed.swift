import Foundation
import PostgresNIO
import PromptPresets
import PromptPresetsStorage

/// `ManagedStore`: settings, web sign-ins and status in the same database, so every server
/// instance on it shares the admin token and the browsers signed in to any of them.
extension PostgresStore {
    public func status() async throws -> StoreStatus {
        try await reading { connection in
            let logger = self.logger
            let ordered = try await Self.appliedMigrations(connection, logger: logger)
            func count(_ table: String) async throws -> Int {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: logger)
                for try await value in rows.decode(Int.self) { return value }
                return 0
            }
            var bindings: [String: Int] = [:]
            let rows = try await connection.query("SELECT scope, count(*) FROM binding GROUP BY scope", logger: logger)
            for try await (scope, value) in rows.decode((String, Int).self) { bindings[scope] = value }
            var size: Int64?
            for try await value in try await connection.query("SELECT pg_database_size(current_database())", logger: logger)
                .decode(Int64.self) {
                size = value
            }
            return StoreStatus(
                schemaVersion: ordered.last ?? "", migrationCount: ordered.count,
                presets: try await count("preset"), artifacts: try await count("artifact"),
                sessions: try await count("edit_session"), connectionProfiles: try await count("connection_profile"),
                auditEntries: try await count("audit_log"),
                chatBindings: bindings[ScopeKind.chat.rawValue] ?? 0,
                characterBindings: bindings[ScopeKind.character.rawValue] ?? 0,
                profileBindings: bindings[ScopeKind.profile.rawValue] ?? 0,
                fileSize: size, storeVersion: try await Self.fetchState(connection, logger: logger).storeVersion)
        }
    }

    public func bindings(to preset: PresetID) async throws -> [Binding] {
        try await reading { connection in
            let rows = try await connection.query("""
                SELECT scope, key FROM binding WHERE preset_id = \(preset.rawValue)
                ORDER BY CASE scope WHEN 'profile' THEN 0 WHEN 'character' THEN 1 ELSE 2 END, key
                """, logger: self.logger)
            var bindings: [Binding] = []
            for try await (scope, key) in rows.decode((String, String).self) {
                guard let kind = ScopeKind(rawValue: scope) else { continue }
                bindings.append(Binding(Scope(kind, key), to: preset))
            }
            return bindings
        }
    }

    public func setting(_ key: String) async throws -> String? {
        try await reading { connection in
            let rows = try await connection.query("SELECT value FROM server_setting WHERE key = \(key)", logger: self.logger)
            for try await value in rows.decode(String.self) { return value }
            return nil
        }
    }

    public func setSetting(_ key: String, to value: String) async throws {
        try await write("""
            INSERT INTO server_setting (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """)
    }

    public func settings() async throws -> [String: String] {
        try await reading { connection in
            var settings: [String: String] = [:]
            let rows = try await connection.query("SELECT key, value FROM server_setting", logger: self.logger)
            for try await (key, value) in rows.decode((String, String).self) { settings[key] = value }
            return settings
        }
    }

    public func saveSignIn(_ signIn: WebSignIn) async throws {
        try await write("""
            INSERT INTO web_sign_in (id_hash, csrf_token, created_at)
            VALUES (\(signIn.idHash), \(signIn.csrfToken), \(signIn.createdAt.storedValue))
            """)
    }

    public func signIn(idHash: String) async throws -> WebSignIn? {
        try await reading { connection in
            let rows = try await connection.query(
                "SELECT csrf_token, created_at FROM web_sign_in WHERE id_hash = \(idHash)", logger: self.logger)
            for try await (csrfToken, createdAt) in rows.decode((String, Double).self) {
                return WebSignIn(idHash: idHash, csrfToken: csrfToken, createdAt: Date(storedValue: createdAt))
            }
            return nil
        }
    }

    public func deleteSignIn(idHash: String) async throws {
        try await write("DELETE FROM web_sign_in WHERE id_hash = \(idHash)")
    }

    public func deleteSignIns(createdBefore date: Date) async throws {
        try await write("DELETE FROM web_sign_in WHERE created_at < \(date.storedValue)")
    }

    public func fullAuditLog() async throws -> [AuditEntry] {
        try await reading { connection in
            try await Self.fetchAuditLog(connection, newestFirst: false, limit: nil, logger: self.logger)
        }
    }

    /// One statement outside the versioned tables (settings, sign-ins), in its own transaction.
    private func write(_ query: PostgresQuery) async throws {
        try await translating {
            try await withConnection { connection in try await connection.run(query, logger: self.logger) }
        }
    }
}
