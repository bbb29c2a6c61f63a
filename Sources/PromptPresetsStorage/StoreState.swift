import PromptPresets

/// The one row of `store_state`: the store's version and how far back its change log reaches.
package struct StoreState: Hashable, Sendable {
    package var version: Int64
    /// The newest version whose change-log rows were trimmed: a follower at this version or
    /// later can catch up from the log, an older one must reload.
    package var logFloor: Int64

    /// The row's values, refusing impossible ones (a version that cannot grow, a floor past
    /// the version) as a damaged store.
    package init(version: Int64, logFloor: Int64) throws {
        guard version >= 0, version < Int64.max, (0...version).contains(logFloor) else {
            throw InvalidRecord(detail: "store_state holds an impossible version \(version) (log floor \(logFloor))")
        }
        self.version = version
        self.logFloor = logFloor
    }

    package var storeVersion: StoreVersion { StoreVersion(version) }

    /// The log's new floor after a commit at `version`, if it is time to trim the log:
    /// trimming waits for a batch (a hundred, fewer for a small retention), so most commits
    /// only read the floor.
    package static func trimmedFloor(from floor: Int64, afterCommitting version: Int64, retention: Int) -> Int64? {
        let batch = Int64(max(1, min(100, retention)))
        let newFloor = version - Int64(retention)
        return newFloor - floor >= batch ? newFloor : nil
    }
}
