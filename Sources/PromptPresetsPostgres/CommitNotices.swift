import Foundation
import Logging
import PostgresNIO
import PromptPresets

/// The newest commit version PostgreSQL told this process about, from a dedicated connection
/// that LISTENs on the commit channel. It connects on first use and reconnects with a bounded
/// back-off; every (re)connect wakes the waiters, since notices sent meanwhile are lost and
/// the follower must ask the change log.
final class CommitNotices: Sendable {
    private let address: PostgresLocation
    private let channel: String
    private let logger: Logger
    private let state = Locked(State())

    private struct State {
        var newest: Int64 = 0
        /// Bumped on every notice and reconnect: a waiter returns once it moves.
        var generation = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        var listener: Task<Void, Never>?
        var stopped = false
    }

    init(address: PostgresLocation, channel: String, logger: Logger) {
        self.address = address
        self.channel = channel
        self.logger = logger
    }

    /// Returns when a notice names a version after `version`, on a reconnect, or after `timeout`.
    func wait(after version: StoreVersion, timeout: Duration) async {
        let generation: Int? = state.withLock { state in
            if state.listener == nil, !state.stopped { state.listener = Task { await self.listen() } }
            return state.newest > version.rawValue ? nil : state.generation
        }
        guard let generation else { return }
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        // Under the lock, so a cancellation that came before this waiter
                        // was registered (and found nothing to resume) is seen here.
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.generation != generation || state.stopped || Task.isCancelled { return true }
                            state.waiters[id] = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    func stop() {
        let (listener, waiters) = state.withLock { state in
            state.stopped = true
            defer { state.waiters = [:] }
            return (state.listener, Array(state.waiters.values))
        }
        listener?.cancel()
        for waiter in waiters { waiter.resume() }
    }

    /// Connect, LISTEN, record notices; on any failure wait (100 ms doubling to 5 s) and again.
    private func listen() async {
        var delay: Duration = .milliseconds(100)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresStore.connect(address, logger: logger)
                delay = .milliseconds(100)
                do {
                    try await connection.listen(on: channel) { notices in
                        wake(newest: nil)  // connected: whatever was sent meanwhile is in the change log
                        for try await notice in notices {
                            wake(newest: Int64(notice.payload))
                        }
                    }
                } catch {
                    logger.debug("commit notices stopped: \(error)")
                }
                try? await connection.close()
            } catch {
                logger.debug("cannot listen for commit notices: \(error)")
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    private func wake(newest: Int64?) {
        let waiters = state.withLock { state in
            if let newest { state.newest = max(state.newest, newest) }
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }
}
