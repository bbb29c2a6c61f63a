import PromptPresets

/// What a change-event stream tells its consumer (§10.5).
public enum ChangeEvent: Sendable, Hashable {
    /// One commit, by this process or any other, with the objects it touched.
    case commit(Commit)
    /// The commits since the consumer's last event are no longer in the change log (or the
    /// consumer's version is newer than the store's): reread everything as of `version`.
    case reload(StoreVersion)

    /// The store version the consumer has seen after this event: its resume point.
    public var version: StoreVersion {
        switch self {
        case .commit(let commit): commit.version
        case .reload(let version): version
        }
    }
}

extension PresetLibrary {
    /// Every commit after `version`, one event each and in order, as this library learns of
    /// it (its own writes at once, other processes' when it follows them), until the
    /// consuming task is cancelled. Ends with the error when the store cannot be read; a
    /// consumer resumes from the last event's version.
    public func changeEvents(after version: StoreVersion, batchSize: Int = 256) -> AsyncThrowingStream<ChangeEvent, any Error> {
        let versions = versions()
        let store = store
        return AsyncThrowingStream { continuation in
            let task = Task {
                var cursor = version
                do {
                    for await current in versions {
                        if cursor > current {
                            continuation.yield(.reload(current))
                            cursor = current
                        }
                        reading: while cursor < current {
                            switch try await store.commits(after: cursor, limit: batchSize) {
                            case .commits(let commits, _):
                                guard let last = commits.last else { break reading }
                                for commit in commits { continuation.yield(.commit(commit)) }
                                cursor = last.version
                            case .truncated(let newest):
                                continuation.yield(.reload(newest))
                                cursor = newest
                            }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
