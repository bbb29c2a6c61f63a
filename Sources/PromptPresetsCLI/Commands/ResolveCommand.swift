import ArgumentParser
import PromptPresets

/// `resolve OPERATION | --all [--chat ID] [--character KEY] [--profile NAME]`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Show the config an operation uses in a context, and where it came from.",
        discussion: "The preset is the chat's binding, else the character's, else the profile's, else Default.")

    @Argument(help: "The operation (see 'catalog').")
    var operation: String?

    @Flag(name: .long, help: "Resolve every operation.")
    var all = false

    @Option(name: .long, help: "The chat id.")
    var chat: String?

    @Option(name: .long, help: "The character key.")
    var character: String?

    @Option(name: .long, help: "The profile name (default: Default).")
    var profile: String?

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if all == (operation != nil) { throw ValidationError("Give either an OPERATION or --all.") }
    }

    func run() throws {
        let console = Console.current
        let context = try Context(chat: chat, character: character, profile: profile).validated()
        let workspace = try Workspace(options)
        let snapshot = try workspace.store.loadResolutionSnapshot(catalog: workspace.catalog, for: context)
        if let operation {
            let resolution = try snapshot.resolve(operation, in: context)
            if options.json { return console.print(json: resolution.jsonValue) }
            let definition = try snapshot.catalog.operation(operation)
            let summary = TextTable(pairs: [
                ("Operation", resolution.operation),
                ("Preset", "\(resolution.preset) (source: \(resolution.source.rawValue))"),
                ("Version", Presentation.versionLabel(resolution.artifact, defaultVersion: resolution.defaultVersion)),
                ("Default", resolution.defaultVersion.description),
                ("Update", Presentation.updateLabel(resolution.update)),
            ])
            console.print(summary.rendered + "\n\n" + Presentation.render(resolution.config, schema: definition.schema, snapshot: snapshot))
            resolution.warnings.forEach(console.warn)
        } else {
            let resolutions = snapshot.resolveAll(in: context)
            if options.json { return console.print(json: .array(resolutions.map(\.jsonValue))) }
            if let first = resolutions.first {
                console.print("Preset: \(first.preset) (source: \(first.source.rawValue))")
            }
            var table = TextTable(header: ["OPERATION", "VERSION", "UPDATE"])
            for resolution in resolutions {
                table.append([
                    resolution.operation,
                    Presentation.versionLabel(resolution.artifact, defaultVersion: resolution.defaultVersion),
                    Presentation.updateLabel(resolution.update),
                ])
            }
            console.print(table.rendered)
            Set(resolutions.flatMap(\.warnings)).sorted().forEach(console.warn)
        }
    }
}
