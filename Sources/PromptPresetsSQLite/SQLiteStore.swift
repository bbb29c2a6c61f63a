import Foundation
import GRDB
import PromptPresets
import PromptPresetsStorage

/// The default store: one SQLite file, accessed through GRDB, the one truth every process
/// shares (§8).
///
/// The file is in WAL mode: readers never wait for the writer, and a CLI and a server may
/// share it (writes wait up to a few seconds for each other instead of failing). Every commit
/// is one transaction that bumps the store's version and appends what it touched to a change
/// log, which `readChanges(after:)` turns into the current state of each touched object.
/// Updates and deletes carry the revision they read; a stale one is refused as
/// `PresetError.conflict` and nothing of the commit is written.
///
/// ```swift
/// let store = try SQLiteStore(path: "/var/lib/prompt-presets/store.sqlite")
/// let snapshot = try store.loadSnapshot(catalog: catalog)
/// try store.commit(snapshot.createPreset(named: "Alice", environment))
/// ```
public final class SQLiteStore: SynchronousPresetStore, Sendable {
    /// A `DatabasePool` for a file (concurrent readers), a `DatabaseQueue` in memory.
    let writer: any DatabaseWriter

    /// The database file, or `nil` for an in-memory store.
    public let path: String?

    /// How many of the newest versions `readChanges(after:)` reaches back; a follower further
    /// behind reloads.
    public let changeLogRetention: Int

    /// Opens the store at `path`, creating the file (mode 0600) and missing parent
    /// directories, and migrates it. Several processes may open a new file at once.
    /// - Parameters:
    ///   - durability: what an acknowledged commit survives; see `Durability`.
    ///   - changeLogRetention: how many versions of the change log are kept (at least 1).
    /// - Throws: `SQLiteStoreError.newerSchema` for a file written by a newer version (left untouched),
    ///   `.notADatabase` for a file that is not a PromptPresets database, `.cannotOpen` otherwise.
    public convenience init(path: String, durability: Durability = .durable, changeLogRetention: Int = 10_000) throws {
        let pool = try Self.openPool(atPath: path, durability: durability)
        self.init(pool, path: path, changeLogRetention: changeLogRetention)
    }

    /// A private in-memory database with the same schema, for tests (not WAL: in-memory
    /// databases cannot be).
    public static func inMemory(changeLogRetention: Int = 10_000) throws -> SQLiteStore {
        let path = "(in memory)"
        do {
            let queue = try DatabaseQueue(configuration: makeConfiguration())
            try queue.writeWithoutTransaction { db in try applyMigrations(db, path: path) }
            return SQLiteStore(queue, path: nil, changeLogRetention: changeLogRetention)
        } catch {
            throw translateOpening(error, path: path)
        }
    }

    private init(_ writer: any DatabaseWriter, path: String?, changeLogRetention: Int) {
        self.writer = writer
        self.path = path
        self.changeLogRetention = max(1, changeLogRetention)
    }

    /// The path used in messages.
    var displayPath: String { path ?? "(in memory)" }

    // MARK: SynchronousPresetStore

    public func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        try translatingErrors {
            try writer.read { db in try Self.fetchSnapshot(db, catalog: catalog, bindingsFor: context) }
        }
    }

    public func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot {
        try translatingErrors {
            try writer.read { db in try Self.fetchResolutionSnapshot(db, catalog: catalog, for: context) }
        }
    }

    @discardableResult
    public func apply(_ changes: [Change], basedOn version: StoreVersion) throws -> StoreVersion {
        guard !changes.isEmpty else { return try readVersion() }
        let retention = changeLogRetention
        return try translatingErrors {
            try writeImmediately { db in try Self.commit(changes, in: db, changeLogRetention: retention) }
        }
    }

    public func readChanges(after version: StoreVersion) throws -> ChangeFeed {
        try translatingErrors {
            try writer.read { db in try Self.fetchChanges(after: version, in: db) }
        }
    }

    public func readVersion() throws -> StoreVersion {
        try translatingErrors {
            try writer.read { db in try StoreStateRecord.fetch(db).storeVersion }
        }
    }

    public func readAuditLog(limit: Int) throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try translatingErrors {
            try writer.read { db in try Self.fetchAuditLog(db, limit: limit) }
        }
    }

    static func fetchAuditLog(_ db: Database, limit: Int) throws -> [AuditEntry] {
        try AuditLogRecord.order(Column("id").desc).limit(limit).fetchAll(db).map { $0.domainValue() }
    }

    // MARK: Transactions

    /// Runs `body` in an IMMEDIATE transaction: the write lock is taken before the first
    /// read, so a commit never fails upgrading a read to a write after another process wrote.
    func writeImmediately<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in try Self.inImmediateTransaction(db, body) }
    }

    /// `writeImmediately` for async callers: GRDB runs it on its own queue, never blocking
    /// Swift's cooperative threads.
    func writeImmediately<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in try Self.inImmediateTransaction(db, body) }
    }

    static func inImmediateTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.beginTransaction(.immediate)
        do {
            let result = try body(db)
            try db.commit()
            return result
        } catch {
            if db.isInsideTransaction { try? db.rollback() }
            throw error
        }
    }
}
