import PromptPresets
import PromptPresetsCatalogs

/// What the command line refuses on its own, before or around the domain; each with the sentence a user sees.
public enum CLIError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownField(operation: String, field: String, valid: [String])
    case invalidValue(field: String, value: String, expected: String)
    case malformedAssignment(String)
    case unreadableFile(path: String, reason: String)
    case unwritableFile(path: String, reason: String)
    case oneExtensionPreset(count: Int)
    case editorFailed(command: String, status: Int32)
    case editedConfigNotJSON(String)
    case olderDefaultNotSelectable(operation: String, version: String)
    case unknownConnectionProfile(field: String, name: String)
    case invalidCatalog(path: String, CatalogFileError)
    case storeBelongsToAnotherCatalog(store: String, recorded: String, opening: String)

    public var description: String {
        switch self {
        case .unknownField(let operation, let field, let valid):
            "Operation '\(operation)' has no field '\(field)'. Valid fields: \(valid.joined(separator: ", "))."
        case .invalidValue(let field, let value, let expected):
            "\(field): expected \(expected), found '\(value.debugEscapedLine)'."
        case .malformedAssignment(let text):
            "Expected FIELD=VALUE, found '\(text.debugEscapedLine)'."
        case .unreadableFile(let path, let reason):
            "Cannot read '\(path)': \(reason)."
        case .unwritableFile(let path, let reason):
            "Cannot write '\(path)': \(reason)."
        case .oneExtensionPreset(let count):
            "The extension format holds one preset; \(count) were given. Use --format bundle for several."
        case .editorFailed(let command, let status):
            "The editor '\(command)' exited with status \(status); nothing was written."
        case .editedConfigNotJSON(let detail):
            "The edited config is not valid JSON (\(detail)); nothing was written."
        case .olderDefaultNotSelectable(let operation, let version):
            "A preset can only use the current default of '\(operation)'; to use Default@\(version), duplicate it first (artifacts duplicate \(operation) Default@\(version))."
        case .unknownConnectionProfile(let field, let name):
            "\(field): no connection profile named '\(name)' (see 'connections list')."
        case .invalidCatalog(let path, let error):
            "Cannot load the catalog file '\(path)'. \(error) Run 'prompt-presets catalog check \(path)' to see every problem."
        case .storeBelongsToAnotherCatalog(let store, let recorded, let opening):
            "The store \(store) belongs to the catalog '\(recorded)', not '\(opening)'. Open it with the '\(recorded)' catalog "
                + (recorded == "auto-recap" ? "(the built-in one: leave out --catalog and $PROMPT_PRESETS_CATALOG)" : "(its file with --catalog)")
                + ", or give --store a new store for '\(opening)'."
        }
    }
}

extension String {
    /// The text on one line, control characters escaped and long text cut, for error messages.
    var debugEscapedLine: String {
        let escaped = unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
        return escaped.count > 80 ? String(escaped.prefix(80)) + "…" : escaped
    }
}
