import Foundation
import GRDB

extension SQLiteStore {
    /// How long a writer waits for another one (a CLI and a server may share the file).
    static let busyTimeout: TimeInterval = 5
    /// How long opening keeps retrying when SQLite reports the file busy without waiting
    /// (the WAL switch and crash recovery can).
    static let openingDeadline: TimeInterval = 15

    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A CLI and a server may write the same file: wait for the other writer.
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "PromptPresets"
        configuration.prepareDatabase { db in
            // 32 MiB of page cache (the default is 2 MiB): a million chat bindings make a
            // database of about 100 MiB, and bulk binding writes touch pages all over it.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        return configuration
    }

    /// Opens the file as a WAL database pool, after `prepareFile` made it a migrated store.
    static func openPool(atPath path: String, durability: Durability) throws -> DatabasePool {
        try createParentDirectory(of: path)
        try createOwnerOnlyFile(at: path)
        do {
            return try retryingWhileBusy {
                try prepareFile(atPath: path)
                let pool = try DatabasePool(path: path, configuration: makeConfiguration())
                // GRDB sets NORMAL when it switches the pool to WAL; the writer gets the chosen level.
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = \(durability.synchronousLevel)")
                }
                return pool
            }
        } catch {
            throw translateOpening(error, path: path)
        }
    }

    static func createParentDirectory(of path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStoreError.cannotOpen(path: path, detail: "cannot create the directory \(directory.path) (\(error.localizedDescription))")
        }
    }

    /// Creates a missing store file readable by its owner only, whatever the umask: it holds
    /// the admin token's hash and everyone's prompts. SQLite gives the `-wal` and `-shm`
    /// files the mode of the database file. An existing file keeps its mode.
    ///
    /// The descriptor is closed at once, before SQLite opens the file: closing a descriptor
    /// drops every POSIX lock the process holds on the file, SQLite's included.
    static func createOwnerOnlyFile(at path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        let code = errno
        // EEXIST: the file (or a directory, which opening reports) is already there.
        guard code == EEXIST else {
            throw SQLiteStoreError.cannotOpen(path: path, detail: String(cString: strerror(code)))
        }
    }

    /// Makes the file a store at the current schema through a short-lived connection, before
    /// the pool opens it: a pool writes to the file as it opens, and a refused file (newer,
    /// foreign, not a database) must be left as it was.
    ///
    /// An up-to-date WAL store is only read, so opening never waits for another process's write.
    private static func prepareFile(atPath path: String) throws {
        let queue = try DatabaseQueue(path: path, configuration: makeConfiguration())
        let isUpToDate = try queue.read { db in
            let applied = try checkedAppliedMigrations(db, path: path)
            let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
            return applied.count == migrations.count && journalMode == "wal"
        }
        if isUpToDate { return }
        try queue.writeWithoutTransaction { db in
            // Outside a transaction (SQLite's rule); needs a moment alone with the file.
            let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard journalMode == "wal" else {
                throw SQLiteStoreError.cannotOpen(path: path, detail: "SQLite cannot put it in WAL mode (journal mode \(journalMode ?? "unknown"))")
            }
            try applyMigrations(db, path: path)
        }
    }

    /// Applies the missing migrations in one IMMEDIATE transaction: the write lock is taken
    /// before reading what is applied, so of several processes opening a new file at once,
    /// one migrates and the others find it done.
    static func applyMigrations(_ db: Database, path: String) throws {
        try inImmediateTransaction(db) { db in
            let applied = try checkedAppliedMigrations(db, path: path)
            let missing = migrations.filter { !applied.contains($0.identifier) }
            guard !missing.isEmpty else { return }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in missing {
                try migration.apply(db)
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
            }
            try db.checkForeignKeys()
        }
    }

    /// The applied migration identifiers, after refusing a store of a newer version and a
    /// database of another application.
    static func checkedAppliedMigrations(_ db: Database, path: String) throws -> Set<String> {
        // sqlite_master itself, not GRDB's schema cache: another process may have migrated
        // since this connection last looked.
        let hasMigrationTable = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')
            """) ?? false
        let applied: Set<String> = if hasMigrationTable {
            Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        } else {
            []
        }
        let unknown = applied.subtracting(migrations.map(\.identifier)).sorted()
        if !unknown.isEmpty {
            throw SQLiteStoreError.newerSchema(path: path, unknownMigrations: unknown)
        }
        if applied.isEmpty {
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                ORDER BY name
                """)
            if !tables.isEmpty {
                throw SQLiteStoreError.notADatabase(
                    path: path,
                    detail: "it is a SQLite database of another application, with tables \(tables.prefix(5).joined(separator: ", "))")
            }
        }
        return applied
    }

    /// Runs `body` again while SQLite reports the file busy or locked without having waited
    /// (switching to WAL, recovering a crashed writer's log), up to `openingDeadline`.
    private static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(openingDeadline)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                guard Date() < deadline else { throw error }
                Thread.sleep(forTimeInterval: .random(in: 0.005...0.05))
            }
        }
    }
}
