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
