import Foundation
import GRDB
import PromptPresets
import PromptPresetsStorage

extension SQLiteStore {
    /// Counts of what the store holds, and its schema version.
    public func status() throws -> StoreStatus {
        try translatingErrors { try writer.read { db in try readStatus(db) } }
    }

    /// Counts, schema and store version, read in one transaction, and the file's size.
    func readStatus(_ db: Database) throws -> StoreStatus {
        let applied = try Self.checkedAppliedMigrations(db, path: displayPath)
        let ordered = Self.migrations.map(\.identifier).filter(applied.contains)
        func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
            try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
        func bindings(_ kind: ScopeKind) throws -> Int {
            try count("SELECT COUNT(*) FROM binding WHERE scope = ?", [kind.rawValue])
        }
        let size = path.flatMap { path in
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value
        }
        return StoreStatus(
            schemaVersion: ordered.last ?? "", migrationCount: ordered.count,
            presets: try count("SELECT COUNT(*) FROM preset"),
            artifacts: try count("SELECT COUNT(*) FROM artifact"),
            sessions: try count("SELECT COUNT(*) FROM edit_session"),
            connectionProfiles: try count("SELECT COUNT(*) FROM connection_profile"),
            auditEntries: try count("SELECT COUNT(*) FROM audit_log"),
            chatBindings: try bindings(.chat), characterBindings: try bindings(.character),
            profileBindings: try bindings(.profile), fileSize: size,
            storeVersion: try StoreStateRecord.fetch(db).storeVersion)
    }

    /// Folds the write-ahead log into the database file, so the file alone holds every commit
    /// (a copy about to be moved into place, or handed on without its `-wal`).
    public func checkpoint() throws {
        try translatingErrors {
            try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
    }

    /// Writes a consistent copy of the database to `path` (SQLite's online backup), replacing
    /// any database there and creating missing parent directories. A new copy is readable
    /// by its owner only, like the store.
    public func backup(to path: String) throws {
        if let own = self.path,
           URL(fileURLWithPath: own).standardizedFileURL.resolvingSymlinksInPath()
            == URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath() {
            throw SQLiteStoreError.cannotOpen(path: path, detail: "a backup cannot overwrite the store it copies")
        }
        try Self.createParentDirectory(of: path)
        try Self.createOwnerOnlyFile(at: path)
        let destination: DatabaseQueue
        do {
            destination = try DatabaseQueue(path: path, configuration: Self.makeConfiguration())
        } catch {
            throw Self.translateOpening(error, path: path)
        }
        do {
            try writer.backup(to: destination)
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }
}
