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
    public func run(onChange: @Sendable () async -> Void, onError: @escaping @Sendable (any Error) -> Void = { _ in }) async {
        let versions = library.versions()
        let library = library
        let interval = interval
        let following = Task { await library.follow(every: interval, onError: onError) }
        defer { following.cancel() }
        var announced = library.version
        for await version in versions where version != announced {
            announced = version
            await onChange()
        }
    }
}
