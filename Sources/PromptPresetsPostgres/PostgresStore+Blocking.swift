import Dispatch
import PromptPresets

/// `SynchronousPresetStore` for one-shot programs: each call waits for the async one.
///
/// Never call these from Swift's cooperative threads (an async function): the wait would hold
/// one of the few threads the awaited work needs. The CLI runs its commands on a thread of
/// their own for this reason.
extension PostgresStore: SynchronousPresetStore {
    public func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        try runBlocking { try await self.load(catalog: catalog, bindingsFor: context) }
    }

    public func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot {
        try runBlocking { try await self.loadResolution(catalog: catalog, for: context) }
    }

    @discardableResult
    public func apply(_ changes: [Change], basedOn version: StoreVersion) throws -> StoreVersion {
        try runBlocking { try await self.commit(changes, basedOn: version) }
    }

    public func readChanges(after version: StoreVersion) throws -> ChangeFeed {
        try runBlocking { try await self.changes(after: version) }
    }

    public func readVersion() throws -> StoreVersion {
        try runBlocking { try await self.currentVersion() }
    }

    public func readAuditLog(limit: Int) throws -> [AuditEntry] {
        try runBlocking { try await self.auditLog(limit: limit) }
    }
}

/// Runs `body` on Swift's concurrency pool and blocks the calling thread until it finishes.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = WaitResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            outcome.result = .success(try await body())
        } catch {
            outcome.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// The result handed from the task to the waiting thread; the semaphore orders the accesses.
private final class WaitResult<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
