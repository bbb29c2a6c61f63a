import MCP
import PromptPresets

/// What `prompts/get` answers: the operation resolved in the arguments' context, its prompt
/// filled with the other arguments, and where the config came from.
struct PromptRendering {
    let snapshot: Snapshot

    /// - Throws: `MCPError.invalidParams` naming the unknown prompt, the unknown or missing
    ///   argument, or the bad context key.
    func render(_ name: String, arguments: [String: String]) throws(MCPError) -> GetPrompt.Result {
        guard let operation = snapshot.catalog[name], operation.hasPrompt else {
            let valid = snapshot.catalog.operations.filter(\.hasPrompt).map(\.key).joined(separator: ", ")
            throw .invalidParams("Unknown prompt '\(name)'; the prompts are: \(valid).")
        }
        let declared = Set(operation.variables.map(\.name))
        let contextNames = Set(ContextArgument.allCases.map(\.rawValue))
        if let unknown = arguments.keys.sorted().first(where: { !declared.contains($0) && !contextNames.contains($0) }) {
            let valid = (operation.variables.map(\.name) + ContextArgument.allCases.map(\.rawValue)).joined(separator: ", ")
            throw .invalidParams("Unknown argument '\(unknown)' for prompt '\(name)'; its arguments are: \(valid).")
        }
        if let missing = operation.variables.first(where: { $0.isRequired && (arguments[$0.name] ?? "").isEmpty }) {
            throw .invalidParams("Missing required argument '\(missing.name)' for prompt '\(name)': \(missing.description)")
        }
        let context = try Self.context(from: arguments, prompt: name)
        let resolution: Resolution
        do {
            resolution = try snapshot.resolve(name, in: context)
        } catch {
            throw .invalidParams("Could not resolve prompt '\(name)': \(error)")
        }
        let rendered: RenderedPrompt
        do {
            rendered = try operation.render(resolution.config, arguments: arguments)
        } catch {
            throw .internalError("Could not render prompt '\(name)': \(error)")
        }
        var messages: [Prompt.Message] = [.user(.text(text: rendered.prompt))]
        if !rendered.prefill.isEmpty { messages.append(.assistant(.text(text: rendered.prefill))) }
        return GetPrompt.Result(description: operation.description, messages: messages, _meta: Provenance.metadata(of: resolution))
    }

    /// The context the `chat`, `character` and `profile` arguments name (empty ones are absent).
    /// - Throws: `MCPError.invalidParams` naming the argument whose key is not valid.
    static func context(from arguments: [String: String], prompt name: String) throws(MCPError) -> Context {
        var keys: [ContextArgument: String] = [:]
        for argument in ContextArgument.allCases {
            guard let value = arguments[argument.rawValue], !value.isEmpty else { continue }
            do {
                keys[argument] = try Scope(argument.kind, value).validated().key
            } catch {
                throw .invalidParams("Invalid argument '\(argument.rawValue)' for prompt '\(name)': \(error)")
            }
        }
        return Context(chat: keys[.chat], character: keys[.character], profile: keys[.profile])
    }
}
