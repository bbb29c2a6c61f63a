/// Where snapshots come from and where changes go (§8.1).
///
/// Implementations: `InMemoryStore` here (tests, embedding without persistence) and
/// `SQLiteStore` in PromptPresetsSQLite.
public protocol PresetStore: Sendable {
    /// Loads the state. With a context, only the bindings of that context's chat, character
    /// and profile are loaded (a one-shot resolve must not read millions of chat bindings);
    /// with `nil`, everything is.
    func loadSnapshot(catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot

    /// Loads only what resolving `context` needs: its bindings, the presets they name and the
    /// versions those presets use. For one-shot resolution (the CLI); never run commands on it.
    func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot

    /// Persists a command's changes in one transaction, or nothing at all.
    /// - Throws: `PresetError.conflict` when a revision or counter moved since the snapshot was read.
    func apply(_ changes: [Change]) throws

    /// The newest audit entries, newest first.
    func auditLog(limit: Int) throws -> [AuditEntry]
}

extension PresetStore {
    /// By default, the snapshot with the context's bindings (stores that hold everything in memory).
    public func loadResolutionSnapshot(catalog: Catalog, for context: Context) throws -> Snapshot {
        try loadSnapshot(catalog: catalog, bindingsFor: context)
    }

    /// Loads everything.
    public func loadSnapshot(catalog: Catalog) throws -> Snapshot {
        try loadSnapshot(catalog: catalog, bindingsFor: nil)
    }

    /// Persists an outcome's changes and hands back its value.
    @discardableResult
    public func commit<Value>(_ outcome: Outcome<Value>) throws -> Value {
        try apply(outcome.changes)
        return outcome.value
    }
}
