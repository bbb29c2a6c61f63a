import PromptPresets
import PromptPresetsPostgres
import PromptPresetsSQLite

/// Which store a command works on: a SQLite file or a PostgreSQL database.
enum StoreLocation: CustomStringConvertible {
    case file(path: String)
    case postgres(PostgresLocation)

    static let environmentVariable = "PROMPT_PRESETS_STORE"

    /// `--store`, else `$PROMPT_PRESETS_STORE`, else `$XDG_DATA_HOME/prompt-presets/store.sqlite`,
    /// else `$HOME/.local/share/prompt-presets/store.sqlite`. A `postgres://` or `postgresql://`
    /// URL names a PostgreSQL database; anything else is a file path.
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

    /// The store `text` names (a path or a URL), with the password from `--password-file`,
    /// `$PROMPT_PRESETS_PASSWORD_FILE` or `$PGPASSWORD` when the URL has none.
    init(_ text: String, passwordFile: String?, environment: [String: String]) throws {
        if PostgresLocation.isURL(text) {
            self = .postgres(try PostgresLocation(url: text, environment: environment, passwordFile: passwordFile))
        } else {
            self = .file(path: text)
        }
    }

    init(_ options: GlobalOptions, environment: [String: String]) throws {
        try self.init(
            Self.path(option: options.store, environment: environment), passwordFile: options.passwordFile,
            environment: environment)
    }

    /// The path, or the URL without its password.
    var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let location): location.description
        }
    }

    /// Opens (creating on first use) the store, blocking: for commands, which run on a thread of
    /// their own (see `CLI`).
    func open(durability: Durability) throws -> any CommandStore {
        switch self {
        case .file(let path):
            return try SQLiteStore(path: path, durability: durability)
        case .postgres(let location):
            return try runBlocking { try await PostgresStore.open(location) }
        }
    }

    /// Opens the store from async code (`serve`).
    func open(durability: Durability) async throws -> any CommandStore {
        switch self {
        case .file(let path):
            try SQLiteStore(path: path, durability: durability)
        case .postgres(let location):
            try await PostgresStore.open(location)
        }
    }
}

/// What commands need of a store: snapshots and commits without async (one-shot commands) and
/// the managed extras (status, settings, sign-ins).
typealias CommandStore = ManagedStore & SynchronousPresetStore
