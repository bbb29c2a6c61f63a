import ArgumentParser
import PromptPresets
import PromptPresetsAPI

extension ScopeKind: ExpressibleByArgument {}

/// `bind chat|character|profile KEY PRESET`.
struct BindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bind", abstract: "Pin a preset to a chat, a character or a profile (replacing any previous pin).")

    @Argument(help: "chat, character or profile.") var scope: ScopeKind
    @Argument(help: "The chat id, character key or profile name.") var key: String
    @Argument(help: "The preset.") var preset: String
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let console = Console.current
        let outcome = try Workspace(options).perform(bindingsFor: Scope(scope, key).context) { snapshot, environment in
            try snapshot.bind(Scope(scope, key), to: try snapshot.preset(named: preset).id, environment)
        }
        if options.json { return try console.print(wire: Components.Schemas.Binding(outcome.value, in: outcome.snapshot)) }
        let presetName = outcome.snapshot.preset(id: outcome.value.preset)?.name ?? preset
        console.print("Bound \(outcome.value.scope) to preset '\(presetName)'.")
    }
}

/// `unbind chat|character|profile KEY`.
struct UnbindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unbind", abstract: "Clear the pin of a chat, a character or a profile.")

    @Argument(help: "chat, character or profile.") var scope: ScopeKind
    @Argument(help: "The chat id, character key or profile name.") var key: String
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let console = Console.current
        let outcome = try Workspace(options).perform(bindingsFor: Scope(scope, key).context) { snapshot, environment in
            try snapshot.unbind(Scope(scope, key), environment)
        }
        if options.json { return try console.print(wire: Components.Schemas.Binding(outcome.value, in: outcome.snapshot)) }
        let presetName = outcome.snapshot.preset(id: outcome.value.preset)?.name ?? outcome.value.preset.rawValue
        console.print("Removed the binding of \(outcome.value.scope) (was preset '\(presetName)').")
    }
}

/// `bindings`: every pin.
struct BindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bindings", abstract: "List every binding: profiles, characters, chats.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let console = Console.current
        let snapshot = try Workspace(options).snapshot(bindingsFor: nil)
        let bindings = snapshot.bindings.all
        if options.json { return try console.print(wire: bindings.map { Components.Schemas.Binding($0, in: snapshot) }) }
        guard !bindings.isEmpty else { return console.print("No bindings.") }
        var table = TextTable(header: ["SCOPE", "KEY", "PRESET"])
        for binding in bindings {
            table.append([binding.scope.kind.rawValue, binding.scope.key, snapshot.preset(id: binding.preset)?.name ?? "(missing preset)"])
        }
        console.print(table.rendered)
    }
}

extension Scope {
    /// A context naming only this scope, so a store reads just its binding (not every chat's).
    var context: Context {
        switch self {
        case .chat(let key): Context(chat: key)
        case .character(let key): Context(character: key)
        case .profile(let key): Context(profile: key)
        }
    }
}
