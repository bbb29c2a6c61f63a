import Foundation
import PromptPresets
import PromptPresetsService
import PromptPresetsSQLite

// Figures 3 and 4: readers never wait for writers, and another process's commits reach a
// follower within a few polling intervals.

enum BenchError: Error, CustomStringConvertible {
    case followerStalled(String)
    case notEmpty(String)

    var description: String {
        switch self {
        case .followerStalled(let key): "the follower never saw chat '\(key)' (waited 5 s)"
        case .notEmpty(let store): "\(store) is not empty: give the benchmark a new database"
        }
    }
}

/// Runs `body` on a thread of its own, off Swift's cooperative pool (the server's readers are
/// NIO threads; a tight loop on the pool would starve the writers it is measured against).
func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// Resolves per second for `duration`, each call taking `library.snapshot` afresh as a server
/// request does.
func resolveRate(_ library: PresetLibrary, contexts: [Context], for duration: Duration) async -> Double {
    await onOwnThread {
        let keys = catalog.operationKeys
        let mask = contexts.count - 1  // a power of two
        var calls = 0, checksum = 0
        let start = ContinuousClock.now
        while ContinuousClock.now - start < duration {
            for _ in 0..<256 {
                let resolution = try? library.snapshot.resolve(keys[calls % keys.count], in: contexts[calls & mask])
                checksum &+= resolution?.artifact?.number ?? 0
                calls += 1
            }
        }
        let elapsed = (ContinuousClock.now - start).nanoseconds
        blackHole(checksum)
        return Double(calls) / (elapsed / 1e9)
    }
}

/// Tells writer tasks when to stop and counts their commits.
final class WriterControl: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var commits = 0

    var isStopped: Bool { lock.withLock { stopped } }
    var commitCount: Int { lock.withLock { commits } }
    func stop() { lock.withLock { stopped = true } }
    func countCommit() { lock.withLock { commits += 1 } }
}

/// Runs `body` while `count` tasks keep binding fresh chats through `library.perform`;
/// returns its value and the writers' commits per second during it.
func whileWriting<Value>(
    _ library: PresetLibrary, writers count: Int, _ body: () async throws -> Value
) async throws -> (value: Value, commitsPerSecond: Double) {
    let control = WriterControl()
    let writers = (0..<count).map { writer in
        Task.detached {
            var number = 0
            while !control.isStopped {
                try await bindChat(library, "writer-\(writer)-\(number)", to: PresetID("p\(number % presetCount)"))
                control.countCommit()
                number += 1
            }
        }
    }
    try await Task.sleep(for: .milliseconds(300))  // let every writer get going
    let before = control.commitCount, start = ContinuousClock.now
    let value = try await body()
    let commits = control.commitCount - before, elapsed = (ContinuousClock.now - start).nanoseconds
    control.stop()
    for writer in writers { try await writer.value }
    return (value, Double(commits) / (elapsed / 1e9))
}

/// Figure 3: resolve throughput with 4 concurrent writers against idle (the mean of a run
/// before and one after, so a drift of the machine during the test shows in neither).
func benchmarkResolveUnderWriters(_ library: PresetLibrary, chats: Int) async throws {
    let contexts = randomContexts(chats: chats)
    let window = Duration.seconds(2)
    let idleBefore = await resolveRate(library, contexts: contexts, for: window)
    let (busy, commitsPerSecond) = try await whileWriting(library, writers: 4) {
        await resolveRate(library, contexts: contexts, for: window)
    }
    let idleAfter = await resolveRate(library, contexts: contexts, for: window)
    let idle = (idleBefore + idleAfter) / 2
    report("resolve, idle (2 s before + 2 s after)", String(format: "%.0f/s  (%.0f, %.0f)", idle, idleBefore, idleAfter))
    report("resolve, 4 writers binding through perform (2 s)",
           String(format: "%.0f/s  = %.2f× idle (target >= 0.8×); writers committed %.0f/s", busy, busy / idle, commitsPerSecond))
}

/// Figure 4: a second library on its own connection to the same file (as a second process
/// would be) follows every 50 ms; measures from the writer's commit returning until the
/// follower's snapshot holds the binding.
func benchmarkFollowerLag(writer: PresetLibrary, path: String, chats: Int) async throws {
    let follower = try await openLibrary(on: try SQLiteStore(path: path, durability: .durable), chats: chats, role: " (follower)")
    let lags = try await followerLag(writer: writer, follower: follower, prefix: "lag")
    report("follower lag on SQLite (follow every 50 ms, 200 commits)", lags, note: "target p99 < 250 ms")
}
