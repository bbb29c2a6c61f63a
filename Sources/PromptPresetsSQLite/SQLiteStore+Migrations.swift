import GRDB

extension SQLiteStore {
    /// The schema's history, oldest first. A shipped migration is never edited: a change to
    /// the schema is a new migration appended at the end.
    ///
    /// Applied identifiers are recorded in `grdb_migrations`, the table GRDB's
    /// `DatabaseMigrator` kept before the store applied migrations itself (see
    /// `applyMigrations(_:path:)`), so stores migrated by earlier versions are recognised.
    ///
    /// Timestamps are REAL seconds since 2001-01-01T00:00:00Z (Foundation's reference date,
    /// `Date.timeIntervalSinceReferenceDate`): that is the double a `Date` holds, so it
    /// round-trips exactly. Seconds since 1970 would not (adding the 1970→2001 offset rounds
    /// away the last bit of about half of all `Date()` values). In SQL,
    /// `datetime(created_at + 978307200, 'unixepoch')` shows one as text.
    static let migrations: [SchemaMigration] = [
        initialMigration, serverSettingsMigration, storeVersionsMigration, webSignInsMigration,
    ]

    /// `v1-initial`: the domain's tables.
    static let initialMigration = SchemaMigration("v1-initial") { db in
        try db.execute(sql: """
            CREATE TABLE artifact (
                id TEXT PRIMARY KEY NOT NULL,
                operation TEXT NOT NULL,
                name TEXT NOT NULL,
                label TEXT,
                description TEXT NOT NULL DEFAULT '',
                number INTEGER NOT NULL,
                config TEXT NOT NULL,
                based_on TEXT,
                parent_kind TEXT NOT NULL CHECK (parent_kind IN ('default', 'artifact', 'none')),
                parent_ref TEXT,
                origin TEXT NOT NULL,
                created_at REAL NOT NULL,
                modified_at REAL NOT NULL,
                revision INTEGER NOT NULL,
                CHECK ((parent_kind = 'none') = (parent_ref IS NULL)),
                UNIQUE (operation, name),
                UNIQUE (operation, number)
            );

            CREATE TABLE update_dismissal (
                artifact_id TEXT NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
                version TEXT NOT NULL,
                PRIMARY KEY (artifact_id, version)
            ) WITHOUT ROWID;

            CREATE TABLE preset (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL DEFAULT '',
                created_at REAL NOT NULL,
                modified_at REAL NOT NULL,
                revision INTEGER NOT NULL
            );

            -- Deleting an artifact a preset references fails here (RESTRICT), a last line of
            -- defence behind the domain's own check.
            CREATE TABLE preset_operation (
                preset_id TEXT NOT NULL REFERENCES preset(id) ON DELETE CASCADE,
                operation TEXT NOT NULL,
                artifact_id TEXT NOT NULL REFERENCES artifact(id) ON DELETE RESTRICT,
                PRIMARY KEY (preset_id, operation)
            ) WITHOUT ROWID;
            CREATE INDEX preset_operation_on_artifact_id ON preset_operation(artifact_id);

            -- preset_id is not a foreign key: the virtual Default preset ("default") is never
            -- stored, and a binding to a missing preset is skipped and reported by resolution.
            CREATE TABLE binding (
                scope TEXT NOT NULL CHECK (scope IN ('chat', 'character', 'profile')),
                key TEXT NOT NULL,
                preset_id TEXT NOT NULL,
                PRIMARY KEY (scope, key)
            ) WITHOUT ROWID;
            CREATE INDEX binding_on_preset_id ON binding(preset_id);

            CREATE TABLE connection_profile (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL UNIQUE,
                api TEXT NOT NULL DEFAULT ''
            );

            CREATE TABLE edit_session (
                id TEXT PRIMARY KEY NOT NULL,
                preset_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                previous_artifact_id TEXT,
                start_config TEXT NOT NULL,
                artifact_id TEXT,
                opened_at REAL NOT NULL,
                last_activity_at REAL NOT NULL
            );

            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at REAL NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                "before" TEXT,
                "after" TEXT
            );

            CREATE TABLE operation_counter (
                operation TEXT PRIMARY KEY NOT NULL,
                last_number INTEGER NOT NULL CHECK (last_number >= 1)
            ) WITHOUT ROWID;
            """)
    }
}
