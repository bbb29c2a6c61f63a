import ArgumentParser

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
}

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
            } else if first == "--store", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--store=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return rest.isEmpty ? arguments : Array(rest) + leading
    }
}
