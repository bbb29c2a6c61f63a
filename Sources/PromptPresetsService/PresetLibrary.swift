import Foundation
import Metrics
import PromptPresets

/// The live state of one process, following the store: the one library service the server,
/// the CLI and embedding applications all use (§8).
///
/// Reads take the current snapshot without waiting for anything: a pointer copy under a lock
/// no writer holds while it does I/O or builds indexes. Writes go one at a time through a
/// gate: the command runs on the current snapshot, its changes are committed on top of the
/// snapshot's store version, and only then is the new snapshot published. When another
/// process committed in between, the library catches up from the store's change log; a
/// conflict caused by being behind (a version counter, a name suffix the writer did not
/// choose, a revision nobody named) is retried on the caught-up snapshot, and so is a command
/// the snapshot refused while the store had moved on (the caller saw a newer revision or an
/// object this process has not followed yet): only what the store's newest state refuses (a
/// revision the caller named, a name the caller chose) reaches the caller.
///
/// ```swift
/// let library = try await PresetLibrary(store: InMemoryStore(), catalog: .autoRecap)
/// let preset = try await library.perform(actor: "api") { snapshot, environment in
///     try snapshot.createPreset(named: "Alice", environment)
/// }
/// ```
public final class PresetLibrary: Sendable {
    public let store: any PresetStore
    public let catalog: Catalog
    private let clock: Clock
    private let ids: IDGenerator
    private let pruneKeep: Int
    private let published: Published
    private let gate = WriteGate()
    private let health = HealthRecorder()
    /// Recorded through swift-metrics: nothing unless the process bootstrapped a backend
    /// before making the library (`serve` does, for `/metrics`).
    private let commitTimer = Metrics.Timer(label: "prompt_presets_commit_duration", preferredDisplayUnit: .seconds)
    private let catchUpTimer = Metrics.Timer(label: "prompt_presets_follower_catch_up_duration", preferredDisplayUnit: .seconds)

    /// How often a store conflict is retried after catching up before it is reported.
    static let retries = 8

    /// Loads everything from `store`.
    public init(
        store: any PresetStore, catalog: Catalog, clock: Clock = .system, ids: IDGenerator = .random, pruneKeep: Int = 10
    ) async throws {
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.ids = ids
        self.pruneKeep = pruneKeep
        self.published = Published(try await store.load(catalog: catalog))
    }

    // MARK: Reads

    /// The current state; no disk access, no waiting for writers.
    public var snapshot: Snapshot { published.current.snapshot }

    /// The store version of `snapshot`: it changes exactly when the snapshot does.
    public var version: StoreVersion { published.current.snapshot.version }

    /// The store version now and each time it changes (a write here, or a commit followed
    /// from another process), until the consuming task is cancelled. A slow consumer sees
    /// only the newest version.
    public func versions() -> AsyncStream<StoreVersion> {
        published.versions()
    }

    // MARK: Writes

    /// Runs a domain command on the current snapshot, commits its changes, publishes the new
    /// snapshot and returns the command's value.
    ///
    /// - Parameter actor: recorded in the audit log (`api`, `web:<session>`, `cli`).
    /// - Throws: the command's own errors; `PresetError.conflict` only when the store still
    ///   refuses after catching up several times.
    @discardableResult
    public func perform<Value: Sendable>(
        actor: String, _ command: @Sendable (Snapshot, CommandEnvironment) throws -> Outcome<Value>
    ) async throws -> Value {
        try await gate.run {
            let environment = CommandEnvironment(clock: clock, ids: ids, actor: actor, pruneKeep: pruneKeep)
            var attempt = 0
            while true {
                let base = published.current.snapshot
                let outcome: Outcome<Value>
                do {
                    outcome = try command(base, environment)
                } catch let error as PresetError {
                    // The caller may have seen more than this snapshot holds (a revision or an
                    // object another process wrote): refuse only what the store's newest state refuses.
                    attempt += 1
                    guard attempt < Self.retries, try await store.currentVersion() != base.version else { throw error }
                    try await catchUpLocked(from: base)
                    continue
                }
                guard !outcome.changes.isEmpty else { return outcome.value }
                do {
                    let started = DispatchTime.now().uptimeNanoseconds
                    let committed = try await store.commit(outcome.changes, basedOn: base.version)
                    commitTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
                    if committed.rawValue == base.version.rawValue + 1 {
                        published.publish(outcome.snapshot.committed(as: committed))
                    } else {
                        // Others committed in between. Publish ours at the version it was based
                        // on, then apply the feed since then (ours again, harmlessly, and theirs).
                        // The write is done: a failed catch-up is left to the follower.
                        published.publish(outcome.snapshot)
                        try? await catchUpLocked(from: outcome.snapshot)
                    }
                    return outcome.value
                } catch PresetError.conflict(let detail) {
                    // Behind the store? Catch up and run the command again on what is there now.
                    attempt += 1
                    try await catchUpLocked(from: base)
                    let caughtUp = published.current.snapshot.version != base.version
                    if !caughtUp || attempt >= Self.retries { throw PresetError.conflict(detail) }
                }
            }
        }
    }

    // MARK: Following the store

    /// Applies what other processes committed since the current snapshot; returns whether anything changed.
    @discardableResult
    public func catchUp() async throws -> Bool {
        try await gate.run {
            let before = published.current.snapshot
            try await catchUpLocked(from: before)
            return published.current.snapshot.version != before.version
        }
    }

    /// Follows the store until the task is cancelled: waits for the store's next commit (a
    /// poll every `interval`, or a notice from stores that send them) and applies new commits
    /// incrementally. Errors are reported to `onError`, recorded in `health`, and retried.
    public func follow(every interval: Duration = .milliseconds(50), onError: @Sendable (any Error) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do {
                if try await store.currentVersion() != version {
                    let started = DispatchTime.now().uptimeNanoseconds
                    try await catchUp()
                    catchUpTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
                }
                health.record(nil)
            } catch is CancellationError {
                return
            } catch {
                health.record(error)
                onError(error)
            }
            await store.nextCommit(after: version, pollingEvery: interval)
        }
    }

    /// Whether the last attempt to reach the store worked, for health checks.
    public var storeHealth: StoreHealth { health.current }

    /// Brings the published snapshot from `base` to the store's newest version.
    private func catchUpLocked(from base: Snapshot) async throws {
        switch try await store.changes(after: base.version) {
        case .changes(let changes, let through):
            if through != base.version { published.publish(base.applying(changes, through: through)) }
        case .reloadRequired:
            published.publish(try await store.load(catalog: catalog))
        }
    }

    /// Reloads everything from the store.
    public func reload() async throws {
        try await gate.run {
            published.publish(try await store.load(catalog: catalog))
        }
    }

    // MARK: Conveniences

    /// The newest audit entries, newest first.
    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await store.auditLog(limit: limit)
    }

    /// Seals every edit session idle for longer than `idleTimeout` seconds; returns their ids.
    @discardableResult
    public func expireIdleSessions(idleFor idleTimeout: TimeInterval) async throws -> [SessionID] {
        let now = clock.now()
        guard snapshot.sessions.values.contains(where: { now.timeIntervalSince($0.lastActivityAt) > idleTimeout }) else { return [] }
        return try await perform(actor: "server") { snapshot, environment in
            try snapshot.expireSessions(idleFor: idleTimeout, environment)
        }
    }
}

/// The published snapshot. Readers copy one reference under the lock; the writer swaps it and
/// lets the old snapshot go after unlocking, so no reader waits for a deallocation.
private final class Published: @unchecked Sendable {
    final class Box: Sendable {
        let snapshot: Snapshot
        init(_ snapshot: Snapshot) { self.snapshot = snapshot }
    }

    private let lock = NSLock()
    private var box: Box
    private var watchers: [Int: AsyncStream<StoreVersion>.Continuation] = [:]
    private var nextWatcher = 0

    init(_ snapshot: Snapshot) {
        box = Box(snapshot)
    }

    func versions() -> AsyncStream<StoreVersion> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreVersion.self, bufferingPolicy: .bufferingNewest(1))
        lock.lock()
        let id = nextWatcher
        nextWatcher += 1
        watchers[id] = continuation
        continuation.yield(box.snapshot.version)
        lock.unlock()
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            self.lock.lock()
            self.watchers[id] = nil
            self.lock.unlock()
        }
        return stream
    }

    var current: Box {
        lock.lock()
        defer { lock.unlock() }
        return box
    }

    func publish(_ snapshot: Snapshot) {
        let fresh = Box(snapshot)
        lock.lock()
        let old = box
        box = fresh
        if old.snapshot.version != snapshot.version {
            for watcher in watchers.values { watcher.yield(snapshot.version) }
        }
        lock.unlock()
        _ = old  // released here, outside the lock
    }
}

/// Whether a library could reach its store when it last tried.
public enum StoreHealth: Sendable, Equatable {
    case reachable
    /// Every attempt since `since` failed; `reason` is the last error, on one line.
    case unreachable(since: Date, reason: String)
}

/// The follower's last outcome, shared with health checks.
private final class HealthRecorder: Sendable {
    private let state = Locked(StoreHealth.reachable)

    var current: StoreHealth { state.withLock { $0 } }

    func record(_ error: (any Error)?) {
        state.withLock { state in
            guard let error else { return state = .reachable }
            let reason = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
            if case .unreachable(let since, _) = state {
                state = .unreachable(since: since, reason: reason)
            } else {
                state = .unreachable(since: Date(), reason: reason)
            }
        }
    }
}

/// Lets one write (command, commit, catch-up) run at a time, in arrival order, without
/// blocking a thread while it waits.
private actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<Value: Sendable>(_ body: @Sendable () async throws -> Value) async throws -> Value {
        await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
