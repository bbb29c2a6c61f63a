import GRDB

/// One step of the schema's history, identified by a name that is recorded once applied.
///
/// The store applies its migrations itself rather than through GRDB's `DatabaseMigrator`:
/// that one runs each migration in its own transaction after reading what is applied
/// outside any, so two processes opening a new file at once would both run `v1-initial`
/// and one would fail. `SQLiteStore.applyMigrations` reads and applies under one write lock.
struct SchemaMigration: Sendable {
    let identifier: String
    let apply: @Sendable (Database) throws -> Void

    init(_ identifier: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.apply = apply
    }
}
