/// A point in a store's history: every commit gets the next one (§8.2).
public struct StoreVersion: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// The version of a store nothing was ever committed to.
    public static let empty = StoreVersion(0)

    public var description: String { String(rawValue) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a store committed after a version, for a follower to apply to its snapshot.
public enum ChangeFeed: Sendable, Hashable {
    /// Every object that changed, as it is at `through` (deleted objects as deletes). Several
    /// changes of one object are one entry, so applying the feed costs what changed.
    case changes([Change], through: StoreVersion)
    /// The follower is further behind than the change log reaches: reload everything.
    case reloadRequired(current: StoreVersion)
}

/// Where snapshots come from and where changes go: the one truth that every process shares (§8).
///
/// Implementations: `InMemoryStore` here (tests, embedding without persistence) and
/// `SQLiteStore` in PromptPresetsSQLite. All pass the same conformance suite. The methods
/// never block Swift's cooperative thread pool.
public protocol PresetStore: Sendable {
    /// Loads the state and its version. With a context, only the bindings of that context's
    /// chat, character and profile are loaded (a one-shot command must not read millions of
    /// chat bindings); with `nil`, everything is.
    func load(catalog: Catalog, bindingsFor context: Context?) async throws -> Snapshot

    /// Persists changes in one transaction that also appends them to the change log, or
    /// nothing at all; returns the version the commit got. A result past `basedOn + 1` means
    /// others committed in between: the caller catches up with `changes(after: basedOn)`.
    /// - Throws: `PresetError.conflict` when an object's revision or a counter moved since it was read.
    func commit(_ changes: [Change], basedOn version: StoreVersion) async throws -> StoreVersion

    /// What changed after `version`; `reloadRequired` when the change log no longer reaches back that far.
    func changes(after version: StoreVersion) async throws -> ChangeFeed

    /// The commits after `version`, one by one, at most `limit`: what each touched.
    func commits(after version: StoreVersion, limit: Int) async throws -> CommitLog

    /// The version of the newest commit; cheap enough to poll.
    func currentVersion() async throws -> StoreVersion

    /// The newest audit entries, newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]

    /// Returns when a commit after `version` may exist, for a follower. A store that cannot
    /// tell sleeps for `interval` (the follower then polls `currentVersion()`); a store that
    /// is told about commits (PostgreSQL's notifications) returns when told, and after a
    /// slower poll of its own in case a notice was lost.
    func nextCommit(after version: StoreVersion, pollingEvery interval: Duration) async
}

/// The same store operations, blocking the calling thread: for one-shot processes (the CLI),
/// tests, and stores whose I/O is synchronous.
public protocol SynchronousPresetStore: PresetStore {
    func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot

    /// Loads only what resolving `context` needs: its bindings, the presets they name and the
    /// versions those presets use. For one-shot resolution (the CLI); never run commands on it.
    func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot

    /// See `PresetStore.commit(_:basedOn:)`.
    @discardableResult
    func apply(_ changes: [Change], basedOn version: StoreVersion) throws -> StoreVersion

    func readChanges(after version: StoreVersion) throws -> ChangeFeed
    func readVersion() throws -> StoreVersion
    func readAuditLog(limit: Int) throws -> [AuditEntry]
}

extension SynchronousPresetStore {
    /// By default, the snapshot with the context's bindings (stores that hold everything in memory).
    public func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot {
        try loadSnapshot(catalog: catalog, bindingsFor: context)
    }

    /// Loads everything.
    public func loadSnapshot(catalog: Catalog) throws -> Snapshot {
        try loadSnapshot(catalog: catalog, bindingsFor: nil)
    }

    /// Persists an outcome's changes on top of the snapshot they came from and hands back its value.
    @discardableResult
    public func commit<Value>(_ outcome: Outcome<Value>) throws -> Value {
        try apply(outcome.changes, basedOn: outcome.basedOn)
        return outcome.value
    }
}

extension PresetStore {
    /// Polls: sleeps for `interval`.
    public func nextCommit(after version: StoreVersion, pollingEvery interval: Duration) async {
        try? await Task.sleep(for: interval)
    }

    /// Loads everything.
    public func load(catalog: Catalog) async throws -> Snapshot {
        try await load(catalog: catalog, bindingsFor: nil)
    }
}

/// A failure of a store's engine rather than a refusal of the domain: a file that cannot be
/// read, a database that cannot be reached. Servers answer it with 503; command lines print
/// its description, which names the store but never a password.
public protocol StoreEngineError: Error, CustomStringConvertible, Sendable {
    /// Whether the write failed because the disk is full (servers answer 507 with the description).
    var isStorageFull: Bool { get }
}

extension StoreEngineError {
    public var isStorageFull: Bool { false }
}
