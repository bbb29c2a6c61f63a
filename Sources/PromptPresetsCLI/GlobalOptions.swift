import ArgumentParser
import PromptPresetsSQLite

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store file.",
            discussion: "Defaults to $PROMPT_PRESETS_STORE, else $XDG_DATA_HOME/prompt-presets/store.sqlite, else ~/.local/share/prompt-presets/store.sqlite.",
            valueName: "path"))
    var store: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of tables.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How commits reach the disk: durable or fast.",
            discussion: "durable (the default) syncs every commit to the disk: an acknowledged write survives a crash of the process and of the machine. fast syncs less often: a write survives a crash or kill of the process, but the last writes may be lost when the machine loses power.",
            valueName: "mode"))
    var durability: Durability = .durable
}

extension Durability: ExpressibleByArgument {}

extension GlobalOptions {
    /// The arguments with global options given before the subcommand (`--store PATH resolve …`)
    /// moved to the end, where every subcommand's `@OptionGroup` parses them.
    static func hoisted(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--json" {
                leading.append(first)
                rest = rest.dropFirst()
            } else if first == "--store" || first == "--durability", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--store=") || first.hasPrefix("--durability=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return rest.isEmpty ? arguments : Array(rest) + leading
    }
}
