import Foundation
import PromptPresets

/// The store and the current snapshot, held in memory for the life of the server.
///
/// Reads (resolution above all) use `snapshot` and never touch the disk; every write runs a
/// domain command on the current snapshot under one write lock, persists its changes in one
/// store transaction, and only then swaps in the new snapshot (§5.5).
///
/// ```swift
/// let library = try PresetLibrary(store: InMemoryStore(), catalog: .autoRecap)
/// let preset = try library.perform(actor: "api") { snapshot, environment in
///     try snapshot.createPreset(named: "Alice", environment)
/// }
/// ```
public final class PresetLibrary: Sendable {
    public let store: any PresetStore
    public let catalog: Catalog
    private let clock: Clock
    private let ids: IDGenerator
    private let pruneKeep: Int
    private let current: Locked<State>
    private let writeLock = NSLock()

    private struct State {
        var snapshot: Snapshot
        /// Bumped on every swap; cheap validator for cached responses.
        var generation: UInt64
    }

    /// Loads everything from `store`.
    public init(
        store: any PresetStore, catalog: Catalog, clock: Clock = .system, ids: IDGenerator = .random, pruneKeep: Int = 10
    ) throws {
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.ids = ids
        self.pruneKeep = pruneKeep
        self.current = Locked(State(snapshot: try store.loadSnapshot(catalog: catalog), generation: 1))
    }

    /// The current state; no disk access.
    public var snapshot: Snapshot { current.withLock { $0.snapshot } }

    /// A number that changes whenever `snapshot` does.
    public var generation: UInt64 { current.withLock { $0.generation } }

    /// The snapshot and its generation, read together.
    public var versionedSnapshot: (snapshot: Snapshot, generation: UInt64) {
        current.withLock { ($0.snapshot, $0.generation) }
    }

    /// Runs a domain command on the current snapshot, persists its changes, swaps the snapshot, returns the value.
    ///
    /// Writes are serialised. When the store refuses the changes nothing is swapped; a store
    /// conflict (another process wrote the same file) reloads the snapshot so a retry sees it.
    /// - Parameter actor: recorded in the audit log (`api`, `web:<session>`).
    public func perform<Value: Sendable>(
        actor: String, _ command: (Snapshot, CommandEnvironment) throws -> Outcome<Value>
    ) throws -> Value {
        writeLock.lock()
        defer { writeLock.unlock() }
        let environment = CommandEnvironment(clock: clock, ids: ids, actor: actor, pruneKeep: pruneKeep)
        let outcome = try command(snapshot, environment)
        guard !outcome.changes.isEmpty else { return outcome.value }
        do {
            try store.apply(outcome.changes)
        } catch let error as PresetError {
            if case .conflict = error { try? reloadLocked() }
            throw error
        }
        current.withLock { state in
            state.snapshot = outcome.snapshot
            state.generation &+= 1
        }
        return outcome.value
    }

    /// Reloads the snapshot from the store (after another process wrote it).
    public func reload() throws {
        writeLock.lock()
        defer { writeLock.unlock() }
        try reloadLocked()
    }

    private func reloadLocked() throws {
        let fresh = try store.loadSnapshot(catalog: catalog)
        current.withLock { state in
            state.snapshot = fresh
            state.generation &+= 1
        }
    }

    /// The newest audit entries, newest first.
    public func auditLog(limit: Int) throws -> [AuditEntry] {
        try store.auditLog(limit: limit)
    }

    /// Seals every edit session idle for longer than `idleTimeout` seconds; returns their ids.
    @discardableResult
    public func expireIdleSessions(idleFor idleTimeout: TimeInterval) throws -> [SessionID] {
        let snapshot = self.snapshot
        let now = clock.now()
        guard snapshot.sessions.values.contains(where: { now.timeIntervalSince($0.lastActivityAt) > idleTimeout }) else { return [] }
        return try perform(actor: "server") { snapshot, environment in
            try snapshot.expireSessions(idleFor: idleTimeout, environment)
        }
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
