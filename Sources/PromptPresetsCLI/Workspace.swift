import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsSQLite

/// The open store of one command, with the one path every write takes:
/// load a snapshot, run a domain command, persist its changes in one transaction.
struct Workspace {
    let store: SQLiteStore
    let catalog: Catalog
    let console: Console

    /// Opens (creating on first use) the store the options and environment name.
    init(_ options: GlobalOptions, console: Console = .current) throws {
        let path = StoreLocation.path(option: options.store, environment: console.environment)
        self.store = try SQLiteStore(path: path)
        self.catalog = .autoRecap
        self.console = console
    }

    var environment: CommandEnvironment { console.commandEnvironment }

    /// Everything in the store; `context` limits the bindings read to that context's scopes.
    func snapshot(bindingsFor context: Context? = nil) throws -> Snapshot {
        try store.loadSnapshot(catalog: catalog, bindingsFor: context)
    }

    /// Runs a domain command on a fresh snapshot and persists its changes in one transaction; returns the outcome.
    /// - Parameter context: when given, only that context's bindings are read (enough for binding one scope).
    @discardableResult
    func perform<Value>(
        bindingsFor context: Context? = nil,
        _ command: (Snapshot, CommandEnvironment) throws -> Outcome<Value>
    ) throws -> Outcome<Value> {
        let outcome = try command(try snapshot(bindingsFor: context), environment)
        try store.apply(outcome.changes)
        return outcome
    }
}
