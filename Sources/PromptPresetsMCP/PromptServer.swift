import MCP
import PromptPresets
import PromptPresetsService

/// Builds MCP servers that offer a library's prompt operations as prompts (§15).
///
/// Every request reads the library's current snapshot, so an answer reflects the newest
/// commit the library has followed. Nothing here writes to the store.
public enum PromptServer {
    /// The name and version the server gives clients when they connect.
    public static let name = "prompt-presets"
    public static let version = "1.0.0"

    /// Prompts (with list-change notices) and argument completion.
    public static let capabilities = Server.Capabilities(completions: .init(), prompts: .init(listChanged: true))

    /// A server answering `prompts/list`, `prompts/get` and `completion/complete` from `library`.
    public static func make(library: PresetLibrary) async -> Server {
        let server = Server(name: name, version: version, capabilities: capabilities)
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: PromptListing.prompts(of: library.catalog))
        }
        await server.withMethodHandler(GetPrompt.self) { parameters in
            try PromptRendering(snapshot: library.snapshot).render(parameters.name, arguments: parameters.arguments ?? [:])
        }
        await server.withMethodHandler(Complete.self) { parameters in
            guard case .prompt(let reference) = parameters.ref else {
                throw MCPError.invalidParams("This server completes prompt arguments only; it has no resources.")
            }
            let snapshot = library.snapshot
            guard let operation = snapshot.catalog[reference.name], operation.hasPrompt else {
                throw MCPError.invalidParams("Unknown prompt '\(reference.name)'.")
            }
            let completion = ArgumentCompletion(snapshot: snapshot)
                .complete(parameters.argument.name, prefix: parameters.argument.value)
            return Complete.Result(completion: completion)
        }
        return server
    }
}
