import ArgumentParser
import Foundation
import Logging
import PromptPresetsCatalogs
import PromptPresetsMCP
import PromptPresetsService

/// `mcp [--store PATH] [--log-level LEVEL]`: the store's prompt operations as MCP prompts over stdio (§15).
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the prompt operations as Model Context Protocol prompts over standard input and output.",
        discussion: """
            Speaks MCP (JSON-RPC, one message per line) on standard input and output until the client closes \
            standard input; logs go to standard error. prompts/list offers every operation with a prompt, \
            prompts/get resolves it in the context its chat, character and profile arguments name and fills \
            the prompt with the other arguments. Clients are notified when the store changes, whichever \
            process changed it. Nothing is written to the store.
            """)

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let console = Console.current
        let location = try StoreLocation(options, environment: console.environment)
        let store = try await ServeCommand.open(location, durability: options.durability)
        var logger = Logger(label: "prompt-presets.mcp", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel
        let library = try await PresetLibrary(store: store, catalog: .autoRecap)
        logger.info("serving MCP over stdio", metadata: ["store": "\(location)"])
        try await StdioSession(library: library, logger: logger).run()
        await store.disconnect()
    }
}
