import Logging
import MCP
import PromptPresetsService

/// One MCP session over standard input and output: answers until the client closes its end,
/// and sends `notifications/prompts/list_changed` whenever the store changes.
public struct StdioSession: Sendable {
    public let library: PresetLibrary
    public let logger: Logger
    public let followInterval: Duration

    public init(library: PresetLibrary, logger: Logger, followInterval: Duration = .milliseconds(50)) {
        self.library = library
        self.logger = logger
        self.followInterval = followInterval
    }

    public func run() async throws {
        let server = await PromptServer.make(library: library)
        try await server.start(transport: LineTransport(logger: logger))
        let logger = logger
        let watcher = Task {
            await ChangeWatcher(library: library, interval: followInterval).run(
                onChange: {
                    do {
                        try await server.notify(PromptListChangedNotification.message())
                    } catch {
                        logger.warning("could not tell the client the prompts changed: \(error)")
                    }
                },
                onError: { error in logger.error("could not follow the store: \(error)") })
        }
        await server.waitUntilCompleted()
        watcher.cancel()
        await server.stop()
    }
}
