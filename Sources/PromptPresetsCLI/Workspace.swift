import Foundation
import PromptPresets
import PromptPresetsPostgres
import PromptPresetsSQLite

/// The open store of one command, with the one path every write takes: load what the command
/// needs, run a domain command, commit its changes on top of the version it read.
///
/// A one-shot process does not follow the store; when a commit conflicts because another
/// process wrote in between (a version counter, a revision nobody named), it reloads and runs
/// the command again, so parallel CLIs never fail on each other. A conflict that survives a
/// reload with nothing new in the store is real and is reported.
struct Workspace {
    let store: any CommandStore
    let location: StoreLocation
    let catalog: Catalog
    let console: Console

    /// How often a conflicting commit is retried after reloading.
    static let retries = 8

    /// Opens (creating on first use) the store the options and environment name, with the
    /// catalog they name; a store that belongs to another catalog is refused.
    init(_ options: GlobalOptions, console: Console = .current) throws {
        let catalog = try CatalogSource.catalog(options, environment: console.environment)
        self.location = try StoreLocation(options, environment: console.environment)
        let store = try location.open(durability: options.durability)
        try runBlocking { try await StoreCatalogName.claim(store, for: catalog) }
        self.store = store
        self.catalog = catalog
        self.console = console
    }

    var environment: CommandEnvironment { console.commandEnvironment }

    /// Runs one of the store's async operations (status, settings) and waits for it.
    func waiting<T: Sendable>(_ operation: @escaping @Sendable (any CommandStore) async throws -> T) throws -> T {
        let store = self.store
        return try runBlocking { try await operation(store) }
    }

    /// The store's state. Bindings are read only for `context` (by default the Default
    /// profile's alone: a command on one preset never reads millions of chat bindings); `nil`
    /// reads every binding.
    func snapshot(bindingsFor context: Context? = Context()) throws -> Snapshot {
        try store.loadSnapshot(catalog: catalog, bindingsFor: context)
    }

    /// Runs a domain command on a fresh snapshot and commits its changes in one transaction;
    /// returns the outcome. The command may run again after a conflict, so it must not have
    /// side effects of its own.
    @discardableResult
    func perform<Value>(
        bindingsFor context: Context? = Context(),
        _ command: (Snapshot, CommandEnvironment) throws -> Outcome<Value>
    ) throws -> Outcome<Value> {
        var attempt = 0
        while true {
            let snapshot = try snapshot(bindingsFor: context)
            let outcome = try command(snapshot, environment)
            do {
                try store.apply(outcome.changes, basedOn: outcome.basedOn)
                return outcome
            } catch PresetError.conflict(let detail) {
                attempt += 1
                let moved = try store.readVersion() != snapshot.version
                if !moved || attempt >= Self.retries { throw PresetError.conflict(detail) }
            }
        }
    }
}
