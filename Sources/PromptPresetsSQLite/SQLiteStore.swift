import Foundation
import GRDB
import PromptPresets

/// The default store: one SQLite file, accessed through GRDB (§8).
///
/// Every `apply` is one transaction; updates carry the revision they read and a stale one
/// is refused as `PresetError.conflict`. A CLI and a server may share the file: writes wait
/// up to a few seconds for each other instead of failing.
///
/// ```swift
/// let store = try SQLiteStore(path: "/var/lib/prompt-presets/store.sqlite")
/// let snapshot = try store.loadSnapshot(catalog: catalog)
/// try store.commit(snapshot.createPreset(named: "Alice", environment))
/// ```
public final class SQLiteStore: PresetStore, Sendable {
    let dbQueue: DatabaseQueue

    /// The database file, or `nil` for an in-memory store.
    public let path: String?

    /// Opens the store at `path`, creating the file and missing parent directories, and migrates it.
    /// - Throws: `SQLiteStoreError.newerSchema` for a file written by a newer version (left untouched),
    ///   `.notADatabase` for a file that is not a PromptPresets database, `.cannotOpen` otherwise.
    public convenience init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStoreError.cannotOpen(path: path, detail: "cannot create the directory \(directory.path) (\(error.localizedDescription))")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.makeConfiguration())
        } catch {
            throw Self.translateOpening(error, path: path)
        }
        try self.init(queue, path: path)
    }

    /// A private in-memory database with the same schema, for tests.
    public static func inMemory() throws -> SQLiteStore {
        let queue = try DatabaseQueue(configuration: makeConfiguration())
        return try SQLiteStore(queue, path: nil)
    }

    private init(_ queue: DatabaseQueue, path: String?) throws {
        self.dbQueue = queue
        self.path = path
        try migrate()
    }

    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A CLI and a server may write the same file: wait for the other writer.
        configuration.busyMode = .timeout(5)
        configuration.label = "PromptPresets"
        configuration.prepareDatabase { db in
            // 32 MiB of page cache (the default is 2 MiB): a million chat bindings make a
            // database of about 100 MiB, and bulk binding writes touch pages all over it.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        return configuration
    }

    /// The path used in messages.
    var displayPath: String { path ?? "(in memory)" }

    /// Refuses newer and foreign schemas before touching anything, then runs the missing migrations.
    ///
    /// An up-to-date store is only read, so opening never waits for another process's write.
    private func migrate() throws {
        let migrator = Self.migrator
        do {
            let isUpToDate = try dbQueue.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(migrator.migrations).sorted()
                if !unknown.isEmpty {
                    throw SQLiteStoreError.newerSchema(path: displayPath, unknownMigrations: unknown)
                }
                if applied.isEmpty {
                    let tables = try String.fetchAll(db, sql: """
                        SELECT name FROM sqlite_master
                        WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                        ORDER BY name
                        """)
                    if !tables.isEmpty {
                        throw SQLiteStoreError.notADatabase(
                            path: displayPath,
                            detail: "it is a SQLite database of another application, with tables \(tables.prefix(5).joined(separator: ", "))")
                    }
                }
                return try migrator.hasCompletedMigrations(db)
            }
            if !isUpToDate { try migrator.migrate(dbQueue) }
        } catch let error as SQLiteStoreError {
            throw error
        } catch {
            throw Self.translateOpening(error, path: displayPath)
        }
    }

    // MARK: PresetStore

    public func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        try translatingErrors {
            try dbQueue.read { db in try Self.fetchSnapshot(db, catalog: catalog, bindingsFor: context) }
        }
    }

    public func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot {
        try translatingErrors {
            try dbQueue.read { db in try Self.fetchResolutionSnapshot(db, catalog: catalog, for: context) }
        }
    }

    public func apply(_ changes: [Change]) throws {
        guard !changes.isEmpty else { return }
        try translatingErrors {
            try dbQueue.write { db in
                for change in changes { try Self.persist(change, in: db) }
            }
        }
    }

    public func auditLog(limit: Int) throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try translatingErrors {
            try dbQueue.read { db in
                try AuditLogRecord.order(Column("id").desc).limit(limit).fetchAll(db).map { $0.domainValue() }
            }
        }
    }

    // MARK: Maintenance

    /// Counts of what the store holds, and its schema version.
    public func status() throws -> StoreStatus {
        let counts = try translatingErrors {
            try dbQueue.read { db in
                let applied = try Self.migrator.appliedMigrations(db)
                func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
                    try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
                }
                func bindings(_ kind: ScopeKind) throws -> Int {
                    try count("SELECT COUNT(*) FROM binding WHERE scope = ?", [kind.rawValue])
                }
                return StoreStatus(
                    schemaVersion: applied.last ?? "", migrationCount: applied.count,
                    presets: try count("SELECT COUNT(*) FROM preset"),
                    artifacts: try count("SELECT COUNT(*) FROM artifact"),
                    sessions: try count("SELECT COUNT(*) FROM edit_session"),
                    connectionProfiles: try count("SELECT COUNT(*) FROM connection_profile"),
                    auditEntries: try count("SELECT COUNT(*) FROM audit_log"),
                    chatBindings: try bindings(.chat), characterBindings: try bindings(.character),
                    profileBindings: try bindings(.profile), fileSize: nil)
            }
        }
        var status = counts
        if let path {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            status.fileSize = (attributes?[.size] as? NSNumber)?.int64Value
        }
        return status
    }

    /// Writes a consistent copy of the database to `path` (SQLite's online backup), replacing
    /// any database there and creating missing parent directories.
    public func backup(to path: String) throws {
        if let own = self.path,
           URL(fileURLWithPath: own).standardizedFileURL.resolvingSymlinksInPath()
            == URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath() {
            throw SQLiteStoreError.cannotOpen(path: path, detail: "a backup cannot overwrite the store it copies")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStoreError.cannotOpen(path: path, detail: "cannot create the directory \(directory.path) (\(error.localizedDescription))")
        }
        let destination: DatabaseQueue
        do {
            destination = try DatabaseQueue(path: path, configuration: Self.makeConfiguration())
        } catch {
            throw Self.translateOpening(error, path: path)
        }
        do {
            try dbQueue.backup(to: destination)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    // MARK: Errors

    /// Runs `body`, turning damaged-file errors into `SQLiteStoreError.notADatabase`.
    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.translate(error, path: displayPath)
        } catch let error as InvalidRecord {
            throw SQLiteStoreError.notADatabase(path: displayPath, detail: error.detail)
        }
    }

    /// A damaged or foreign file becomes `notADatabase`; other SQLite errors pass through.
    static func translate(_ error: DatabaseError, path: String) -> any Error {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            SQLiteStoreError.notADatabase(path: path, detail: error.message ?? error.description)
        default:
            error
        }
    }

    /// Errors while opening: a damaged file is `notADatabase`, anything else `cannotOpen`.
    static func translateOpening(_ error: any Error, path: String) -> SQLiteStoreError {
        if let error = error as? SQLiteStoreError { return error }
        if let error = error as? InvalidRecord { return .notADatabase(path: path, detail: error.detail) }
        guard let error = error as? DatabaseError else {
            return .cannotOpen(path: path, detail: "\(error)")
        }
        if case let translated as SQLiteStoreError = translate(error, path: path) { return translated }
        return .cannotOpen(path: path, detail: error.message ?? error.description)
    }
}
