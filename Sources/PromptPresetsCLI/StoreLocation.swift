/// Where the store file lives when `--store` is not given.
enum StoreLocation {
    static let environmentVariable = "PROMPT_PRESETS_STORE"

    /// `--store`, else `$PROMPT_PRESETS_STORE`, else `$XDG_DATA_HOME/prompt-presets/store.sqlite`,
    /// else `$HOME/.local/share/prompt-presets/store.sqlite`.
    static func path(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let path = environment[environmentVariable], !path.isEmpty { return path }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".") + "/.local/share"
        }
        return dataHome + "/prompt-presets/store.sqlite"
    }
}
