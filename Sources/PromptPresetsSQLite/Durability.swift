/// How hard a commit works to survive a crash before `apply` returns.
///
/// The store is always in WAL mode; the choice is SQLite's `synchronous` setting, which
/// decides when the write-ahead log is flushed to the disk.
public enum Durability: String, Sendable, CaseIterable {
    /// `synchronous = FULL`: the log is flushed at every commit, so an acknowledged commit
    /// survives a process crash, `kill -9`, an OS crash and a power loss. The default.
    case durable
    /// `synchronous = NORMAL`: the log is flushed only at checkpoints. An acknowledged commit
    /// still survives a process crash or `kill -9` (the operating system holds the written
    /// log), and the file is never corrupted, but the last commits before a power loss or an
    /// OS crash may be lost. Commits are much faster on slow disks.
    case fast

    /// The value of `PRAGMA synchronous` (1 = NORMAL, 2 = FULL).
    var synchronousLevel: Int {
        switch self {
        case .durable: 2
        case .fast: 1
        }
    }
}
