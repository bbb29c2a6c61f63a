import ArgumentParser
import PromptPresetsSQLite

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: a SQLite file, or postgres://user@host:port/database.",
            discussion: "Defaults to $PROMPT_PRESETS_STORE, else $XDG_DATA_HOME/prompt-presets/store.sqlite, else ~/.local/share/prompt-presets/store.sqlite. A PostgreSQL URL may carry a password, but --password-file or $PGPASSWORD keeps it out of the process list; it is never printed.",
            valueName: "path-or-url"))
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file whose first line is the PostgreSQL password (when --store's URL has none).",
            discussion: "Also $PROMPT_PRESETS_PASSWORD_FILE; without either, $PGPASSWORD is used.",
            valueName: "path"))
    var passwordFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A catalog file (JSON or YAML) declaring the operations, instead of the built-in auto-recap.",
            discussion: "Also $PROMPT_PRESETS_CATALOG. A store belongs to the catalog that first opened it and refuses others; 'catalog check PATH' validates a file.",
            valueName: "path"))
    var catalog: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of tables.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How commits reach the disk: durable or fast (SQLite stores).",
            discussion: "durable (the default) syncs every commit to the disk: an acknowledged write survives a crash of the process and of the machine. fast syncs less often: a write survives a crash or kill of the process, but the last writes may be lost when the machine loses power. A PostgreSQL store's durability is the server's (synchronous_commit).",
            valueName: "mode"))
    var durability: Durability = .durable
}

extension Durability: ExpressibleByArgument {}

extension GlobalOptions {
    /// The global options that take a value.
    static let valuedOptions: Set<String> = ["--store", "--durability", "--password-file", "--catalog"]

    /// The arguments with global options given before the subcommand (`--store PATH resolve …`)
    /// moved to the end, where every subcommand's `@OptionGroup` parses them.
    static func hoisted(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--json" {
                leading.append(first)
                rest = rest.dropFirst()
            } else if Self.valuedOptions.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if Self.valuedOptions.contains(where: { first.hasPrefix($0 + "=") }) {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        return rest.isEmpty ? arguments : Array(rest) + leading
    }
}
