import PromptPresets
import PromptPresetsService

/// Follows the store for a library and calls back after each change it applies: what tells
/// MCP clients their prompts may have changed, whichever process committed.
public struct ChangeWatcher: Sendable {
    public let library: PresetLibrary
    public let interval: Duration

    public init(library: PresetLibrary, interval: Duration = .milliseconds(50)) {
        self.library = library
        self.interval = interval
    }

    /// Runs until the task is cancelled; store errors go to `onError` and are retried.
    public func run(onChange: @Sendable () async -> Void, onError: @Sendable (any Error) -> Void = { _ in }) async {
        var seen = library.version
        while !Task.isCancelled {
            await library.store.nextCommit(after: seen, pollingEvery: interval)
            if Task.isCancelled { return }
            do {
                if try await library.store.currentVersion() != library.version { try await library.catchUp() }
            } catch is CancellationError {
                return
            } catch {
                onError(error)
            }
            // Compared with what was last announced, so a change applied by any follower counts.
            if library.version != seen {
                seen = library.version
                await onChange()
            }
        }
    }
}
