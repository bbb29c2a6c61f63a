import Foundation

/// The stable id of a stored artifact.
public struct ArtifactID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The stable id of a preset; `PresetID.default` is the virtual Default preset.
public struct PresetID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The virtual Default preset, which is never stored.
    public static let `default` = PresetID("default")
}

/// The id of an edit session.
public struct SessionID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// "Now", injected so tests control time.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = Clock(now: { Date() })
}

/// A source of fresh ids, injected so tests get predictable ones.
public struct IDGenerator: Sendable {
    public var next: @Sendable () -> String

    public init(next: @escaping @Sendable () -> String) {
        self.next = next
    }

    public static let random = IDGenerator(next: { UUID().uuidString.lowercased() })

    /// Ids `prefix-1`, `prefix-2`, … in order; for tests.
    public static func sequential(prefix: String = "id") -> IDGenerator {
        let counter = LockedCounter()
        return IDGenerator(next: { "\(prefix)-\(counter.increment())" })
    }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
