import Foundation
import PromptPresets

/// Limits wrong admin tokens per client address: after `maxFailures` within `window` seconds,
/// that address is refused (429) until the window since its first failure has passed.
///
/// Counts both web sign-ins and wrong bearer tokens, so guessing costs the same either way.
public final class SignInLimiter: Sendable {
    public let maxFailures: Int
    public let window: TimeInterval
    private let now: @Sendable () -> Date
    private struct Record {
        var firstFailure: Date
        var failures: Int
    }
    private let records = Locked<[String: Record]>([:])
    /// Addresses kept at most; beyond it the oldest records are dropped (a flood of addresses cannot grow memory).
    private let capacity = 10_000

    public init(maxFailures: Int = 10, window: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.maxFailures = max(1, maxFailures)
        self.window = window
        self.now = now
    }

    /// Seconds until `client` may try again, or `nil` when it may try now.
    public func retryAfter(client: String) -> Int? {
        let current = now()
        return records.withLock { records in
            guard let record = records[client] else { return nil }
            let elapsed = current.timeIntervalSince(record.firstFailure)
            if elapsed >= window {
                records[client] = nil
                return nil
            }
            return record.failures >= maxFailures ? max(1, Int((window - elapsed).rounded(.up))) : nil
        }
    }

    /// Records a wrong token from `client`.
    public func recordFailure(client: String) {
        let current = now()
        records.withLock { records in
            if var record = records[client], current.timeIntervalSince(record.firstFailure) < window {
                record.failures += 1
                records[client] = record
                return
            }
            if records.count >= capacity {
                let cutoff = current.addingTimeInterval(-window)
                records = records.filter { $0.value.firstFailure > cutoff }
                if records.count >= capacity, let oldest = records.min(by: { $0.value.firstFailure < $1.value.firstFailure }) {
                    records[oldest.key] = nil
                }
            }
            records[client] = Record(firstFailure: current, failures: 1)
        }
    }
}
