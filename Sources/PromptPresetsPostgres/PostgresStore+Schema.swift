import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// One step of the schema's history, named as the same step of `SQLiteStore`'s.
    struct Migration: Sendable {
        let identifier: String
        let sql: String

        /// The statements one by one: the extended protocol runs one statement per query.
        var statements: [String] {
            sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
    }

    /// The schema's history, oldest first; a shipped migration is never edited.
    ///
    /// The tables mirror the SQLite store's, so `db copy` moves a store between the engines
    /// without loss. Timestamps are DOUBLE PRECISION seconds since 2001-01-01T00:00:00Z, the
    /// double a Foundation `Date` holds, as in SQLite: a `timestamptz` keeps microseconds and
    /// would not give back the same `Date`. Configs are the canonical JSON text, not `jsonb`,
    /// which would reorder keys and renormalise numbers.
    static let migrations: [Migration] = [
        Migration(identifier: "v1-initial", sql: """
            CREATE TABLE artifact (
                id TEXT PRIMARY KEY,
                operation TEXT NOT NULL,
                name TEXT NOT NULL,
                label TEXT,
                description TEXT NOT NULL DEFAULT '',
                number BIGINT NOT NULL,
                config TEXT NOT NULL,
                based_on TEXT,
                parent_kind TEXT NOT NULL CHECK (parent_kind IN ('default', 'artifact', 'none')),
                parent_ref TEXT,
                origin TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                modified_at DOUBLE PRECISION NOT NULL,
                revision BIGINT NOT NULL,
                CHECK ((parent_kind = 'none') = (parent_ref IS NULL)),
                UNIQUE (operation, name),
                UNIQUE (operation, number)
            );
            CREATE TABLE update_dismissal (
                artifact_id TEXT NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
                version TEXT NOT NULL,
                PRIMARY KEY (artifact_id, version)
            );
            CREATE TABLE preset (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL DEFAULT '',
                created_at DOUBLE PRECISION NOT NULL,
                modified_at DOUBLE PRECISION NOT NULL,
                revision BIGINT NOT NULL
            );
            CREATE TABLE preset_operation (
                preset_id TEXT NOT NULL REFERENCES preset(id) ON DELETE CASCADE,
                operation TEXT NOT NULL,
                artifact_id TEXT NOT NULL REFERENCES artifact(id) ON DELETE RESTRICT,
                PRIMARY KEY (preset_id, operation)
            );
            CREATE INDEX preset_operation_on_artifact_id ON preset_operation(artifact_id);
            CREATE TABLE binding (
                scope TEXT NOT NULL CHECK (scope IN ('chat', 'character', 'profile')),
                key TEXT NOT NULL,
                preset_id TEXT NOT NULL,
                PRIMARY KEY (scope, key)
            );
            CREATE INDEX binding_on_preset_id ON binding(preset_id);
            CREATE TABLE connection_profile (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                api TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE edit_session (
                id TEXT PRIMARY KEY,
                preset_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                previous_artifact_id TEXT,
                start_config TEXT NOT NULL,
                artifact_id TEXT,
                opened_at DOUBLE PRECISION NOT NULL,
                last_activity_at DOUBLE PRECISION NOT NULL
            );
            CREATE TABLE audit_log (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at DOUBLE PRECISION NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                before TEXT,
                after TEXT
            );
            CREATE TABLE operation_counter (
                operation TEXT PRIMARY KEY,
                last_number BIGINT NOT NULL CHECK (last_number >= 1)
            );
            """),
        Migration(identifier: "v2-server-settings", sql: """
            CREATE TABLE server_setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            """),
        Migration(identifier: "v3-store-versions", sql: """
            CREATE TABLE store_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version BIGINT NOT NULL,
                log_floor BIGINT NOT NULL
            );
            INSERT INTO store_state (id, version, log_floor) VALUES (1, 0, 0);
            CREATE TABLE change_log (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                version BIGINT NOT NULL,
                entity TEXT NOT NULL,
                key TEXT NOT NULL
            );
            CREATE INDEX change_log_on_version ON change_log(version);
            ALTER TABLE edit_session ADD COLUMN owner TEXT NOT NULL DEFAULT '';
            ALTER TABLE edit_session ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
            ALTER TABLE edit_session ADD COLUMN copy_scope TEXT;
            ALTER TABLE edit_session ADD COLUMN copy_key TEXT;
            """),
        Migration(identifier: "v4-web-sign-ins", sql: """
            CREATE TABLE web_sign_in (
                id_hash TEXT PRIMARY KEY,
                csrf_token TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL
            );
            CREATE INDEX web_sign_in_on_created_at ON web_sign_in(created_at);
            """),
    ]

    /// An arbitrary constant that names this application's advisory lock.
    static let migrationLock: Int64 = 0x5052_4553_4554_53  // "PRESETS"

    /// Applies missing migrations in one transaction under an advisory lock, so instances
    /// starting together apply each once; refuses a database that holds migrations this
    /// version does not know, changing nothing.
    static func migrate(_ connection: PostgresConnection, address: PostgresLocation, logger: Logger) async throws {
        // The usual case, a current schema, needs no lock and no privilege beyond reading.
        if try await hasMigrationTable(connection, logger: logger) {
            let applied = try await appliedIdentifiers(connection, logger: logger)
            let unknown = applied.subtracting(migrations.map(\.identifier)).sorted()
            guard unknown.isEmpty else {
                throw PostgresStoreError.newerSchema(database: address.database, unknownMigrations: unknown)
            }
            if applied.count == migrations.count { return }
        }
        try await connection.inTransaction(logger: logger) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.run("""
                CREATE TABLE IF NOT EXISTS schema_migration (
                    identifier TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            let applied = try await appliedIdentifiers(connection, logger: logger)
            let known = Set(migrations.map(\.identifier))
            let unknown = applied.subtracting(known).sorted()
            guard unknown.isEmpty else {
                throw PostgresStoreError.newerSchema(database: address.database, unknownMigrations: unknown)
            }
            for migration in migrations where !applied.contains(migration.identifier) {
                do {
                    for statement in migration.statements {
                        try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                } catch where sqlState(of: error) == "42P07" {
                    throw PostgresStoreError.notAStore(
                        database: address.database, detail: "it already has tables of the names PromptPresets uses")
                }
                try await connection.run(
                    "INSERT INTO schema_migration (identifier) VALUES (\(migration.identifier))", logger: logger)
            }
        }
    }

    /// The applied migrations, in the order they were written.
    static func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let applied = try await appliedIdentifiers(connection, logger: logger)
        return migrations.map(\.identifier).filter(applied.contains)
    }

    private static func hasMigrationTable(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT to_regclass('schema_migration') IS NOT NULL", logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }

    private static func appliedIdentifiers(_ connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var applied: Set<String> = []
        let rows = try await connection.query("SELECT identifier FROM schema_migration", logger: logger)
        for try await identifier in rows.decode(String.self) { applied.insert(identifier) }
        return applied
    }
}
