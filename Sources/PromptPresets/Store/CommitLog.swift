/// One object a commit touched, as change logs and change events name it.
public enum ChangedObject: Hashable, Sendable {
    case artifact(ArtifactID)
    case preset(PresetID)
    case binding(Scope)
    case session(SessionID)
    case counter(operation: String)
    case profile(id: String)
}

/// One commit as the change log records it: its version and every object it touched, in
/// order, each once. A commit that only wrote the audit log touched no object.
public struct Commit: Sendable, Hashable {
    public var version: StoreVersion
    public var objects: [ChangedObject]

    public init(version: StoreVersion, objects: [ChangedObject]) {
        self.version = version
        self.objects = objects
    }
}

/// The commits after a version, one by one, for change events (§10.5).
public enum CommitLog: Sendable, Hashable {
    /// The commits after the asked version, oldest first, one per version, at most the
    /// asked number; `current` is the store's newest version.
    case commits([Commit], current: StoreVersion)
    /// The change log no longer reaches back to the asked version.
    case truncated(current: StoreVersion)

    /// The commits of `rows` (version and object, in commit order) for every version in
    /// `range`, a version without rows getting an empty commit.
    package static func grouping(
        _ rows: [(version: StoreVersion, object: ChangedObject)], versions range: ClosedRange<Int64>, current: StoreVersion
    ) -> CommitLog {
        var objects: [Int64: [ChangedObject]] = [:]
        for row in rows where objects[row.version.rawValue, default: []].contains(row.object) == false {
            objects[row.version.rawValue, default: []].append(row.object)
        }
        return .commits(range.map { Commit(version: StoreVersion($0), objects: objects[$0] ?? []) }, current: current)
    }

    /// The versions after `version` a read of at most `limit` commits covers, or nil when
    /// there are none.
    package static func versions(after version: StoreVersion, limit: Int, current: StoreVersion) -> ClosedRange<Int64>? {
        guard version < current, limit > 0 else { return nil }
        let first = version.rawValue + 1
        return first...min(current.rawValue, first + Int64(limit) - 1)
    }
}
