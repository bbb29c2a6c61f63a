import GRDB
import PromptPresets
import PromptPresetsStorage

extension SQLiteStore {
    /// Persists `changes` as the next version, inside the caller's write transaction: bumps
    /// `store_state.version`, writes every change and logs every object it touched.
    /// Throwing (a conflict) rolls all of it back.
    static func commit(_ changes: [Change], in db: Database, changeLogRetention: Int) throws -> StoreVersion {
        let state = try StoreStateRecord.fetch(db)
        guard !changes.isEmpty else { return state.storeVersion }
        let version = state.version + 1
        try db.cachedStatement(sql: "UPDATE store_state SET version = ? WHERE id = 1").execute(arguments: [version])
        let log = try db.cachedStatement(sql: "INSERT INTO change_log (version, entity, key) VALUES (?, ?, ?)")
        for change in changes {
            for object in try persist(change, in: db) {
                try log.execute(arguments: [version, object.entity, object.key])
            }
        }
        try trimChangeLog(db, floor: state.logFloor, version: version, retention: changeLogRetention)
        return StoreVersion(version)
    }

    /// Keeps the newest `retention` versions of the log (see `StoreState.trimmedFloor`); the
    /// range delete walks the version index.
    static func trimChangeLog(_ db: Database, floor: Int64, version: Int64, retention: Int) throws {
        guard let newFloor = StoreState.trimmedFloor(from: floor, afterCommitting: version, retention: retention) else { return }
        try db.execute(sql: "DELETE FROM change_log WHERE version <= ?", arguments: [newFloor])
        try db.execute(sql: "UPDATE store_state SET log_floor = ? WHERE id = 1", arguments: [newFloor])
    }

    /// What changed after `since`, inside one read transaction: each object the log names
    /// once, in the order of its first change, as it is now (like `InMemoryStore`).
    static func fetchChanges(after since: StoreVersion, in db: Database) throws -> ChangeFeed {
        let state = try StoreStateRecord.fetch(db)
        if since.rawValue >= state.version { return .changes([], through: state.storeVersion) }
        if since.rawValue < state.logFloor { return .reloadRequired(current: state.storeVersion) }
        let rows = try Row.fetchAll(db, sql: """
            SELECT entity, key FROM change_log WHERE version > ?
            GROUP BY entity, key ORDER BY MIN(rowid)
            """, arguments: [since.rawValue])
        let changes = try rows.map { row in
            let object = try ChangedObject(entity: row.decode(String.self, atIndex: 0), key: row.decode(String.self, atIndex: 1))
            return try currentChange(of: object, in: db)
        }
        return .changes(changes, through: state.storeVersion)
    }

    /// The commits after `since`, at most `limit`, inside one read transaction.
    static func fetchCommits(after since: StoreVersion, limit: Int, in db: Database) throws -> CommitLog {
        let state = try StoreStateRecord.fetch(db)
        guard let range = CommitLog.versions(after: since, limit: limit, current: state.storeVersion) else {
            return .commits([], current: state.storeVersion)
        }
        if since.rawValue < state.logFloor { return .truncated(current: state.storeVersion) }
        let rows = try Row.fetchAll(db, sql: """
            SELECT version, entity, key FROM change_log WHERE version BETWEEN ? AND ? ORDER BY rowid
            """, arguments: [range.lowerBound, range.upperBound])
        let objects = try rows.map { row in
            (version: StoreVersion(try row.decode(Int64.self, atIndex: 0)),
             object: try ChangedObject(entity: row.decode(String.self, atIndex: 1), key: row.decode(String.self, atIndex: 2)))
        }
        return CommitLog.grouping(objects, versions: range, current: state.storeVersion)
    }

    /// The change that makes a follower's copy of `object` what the store holds now.
    static func currentChange(of object: ChangedObject, in db: Database) throws -> Change {
        switch object {
        case .artifact(let id):
            return try fetchArtifacts(db, ids: [id.rawValue]).first.map(Change.updateArtifact)
                ?? .deleteArtifact(id, revision: 0)
        case .preset(let id):
            return try fetchPresets(db, ids: [id.rawValue]).first.map(Change.updatePreset)
                ?? .deletePreset(id, revision: 0)
        case .binding(let scope):
            return try fetchBinding(db, scope).map { .setBinding(Binding(scope, to: $0)) } ?? .removeBinding(scope)
        case .session(let id):
            return try EditSessionRecord.fetchOne(db, key: id.rawValue).map { .putSession(try $0.domainValue()) }
                ?? .deleteSession(id, revision: 0)
        case .counter(let operation):
            let value = try OperationCounterRecord.fetchOne(db, key: operation)?.checkedValue()
            return .setCounter(operation: operation, value: value ?? 0)
        case .profile(let id):
            return try ConnectionProfileRecord.fetchOne(db, key: id).map { .putConnectionProfile($0.domainValue()) }
                ?? .deleteConnectionProfile(id: id)
        }
    }
}
