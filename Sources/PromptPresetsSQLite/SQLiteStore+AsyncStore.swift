import GRDB
import PromptPresets
import PromptPresetsStorage

/// `PresetStore`: the same operations through GRDB's async accessors, which run the SQLite
/// work on GRDB's own dispatch queues, so a server's cooperative threads never block on I/O.
extension SQLiteStore {
    public func load(catalog: Catalog, bindingsFor context: Context?) async throws -> Snapshot {
        try await translatingErrors {
            try await writer.read { db in try Self.fetchSnapshot(db, catalog: catalog, bindingsFor: context) }
        }
    }

    public func commit(_ changes: [Change], basedOn version: StoreVersion) async throws -> StoreVersion {
        guard !changes.isEmpty else { return try await currentVersion() }
        let retention = changeLogRetention
        return try await translatingErrors {
            try await writeImmediately { db in try Self.commit(changes, in: db, changeLogRetention: retention) }
        }
    }

    public func changes(after version: StoreVersion) async throws -> ChangeFeed {
        try await translatingErrors {
            try await writer.read { db in try Self.fetchChanges(after: version, in: db) }
        }
    }

    public func commits(after version: StoreVersion, limit: Int) async throws -> CommitLog {
        try await translatingErrors {
            try await writer.read { db in try Self.fetchCommits(after: version, limit: limit, in: db) }
        }
    }

    public func currentVersion() async throws -> StoreVersion {
        try await translatingErrors {
            try await writer.read { db in try StoreStateRecord.fetch(db).storeVersion }
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try await translatingErrors {
            try await writer.read { db in try Self.fetchAuditLog(db, limit: limit) }
        }
    }
}
