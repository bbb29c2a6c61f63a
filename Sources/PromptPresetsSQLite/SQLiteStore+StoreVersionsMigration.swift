import GRDB

extension SQLiteStore {
    /// `v3-store-versions`: the store's version and change log (§8.2), and the session
    /// fields that let editors take turns (§6.1).
    ///
    /// `store_state` has exactly one row. `log_floor` is the newest version whose change-log
    /// rows were trimmed (the oldest version the log still holds, minus one): a follower at
    /// `log_floor` or later can catch up from the log, an older one must reload. Sessions
    /// stored before this migration get revision 1 and no owner.
    static let storeVersionsMigration = SchemaMigration("v3-store-versions") { db in
        try db.execute(sql: """
            CREATE TABLE store_state (
                id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                version INTEGER NOT NULL,
                log_floor INTEGER NOT NULL
            );
            INSERT INTO store_state (id, version, log_floor) VALUES (1, 0, 0);

            -- One row per object a commit touched: entity is the table's kind ('artifact',
            -- 'preset', 'binding.chat', ...), key the object's primary key.
            CREATE TABLE change_log (
                version INTEGER NOT NULL,
                entity TEXT NOT NULL,
                key TEXT NOT NULL
            );
            CREATE INDEX change_log_on_version ON change_log(version);

            ALTER TABLE edit_session ADD COLUMN owner TEXT NOT NULL DEFAULT '';
            ALTER TABLE edit_session ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE edit_session ADD COLUMN copy_scope TEXT;
            ALTER TABLE edit_session ADD COLUMN copy_key TEXT;
            """)
    }
}
