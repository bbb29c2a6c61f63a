
/// What a store holds, for `status` commands and health checks.
public struct StoreStatus: Sendable, Equatable {
    /// The identifier of the last applied migration (e.g. `v1-initial`).
    public var schemaVersion: String
    /// How many migrations have been applied.
    public var migrationCount: Int
    /// Stored presets (the virtual Default is not counted).
    public var presets: Int
    /// Stored versions of all operations (defaults are not counted).
    public var artifacts: Int
    /// Open edit sessions.
    public var sessions: Int
    public var connectionProfiles: Int
    public var auditEntries: Int
    /// Bindings by scope kind.
    public var chatBindings: Int
    public var characterBindings: Int
    public var profileBindings: Int
    /// Size of the database file in bytes; `nil` for an in-memory store.
    public var fileSize: Int64?
    /// The version of the newest commit.
    public var storeVersion: StoreVersion

    public init(
        schemaVersion: String, migrationCount: Int, presets: Int, artifacts: Int, sessions: Int,
        connectionProfiles: Int, auditEntries: Int, chatBindings: Int, characterBindings: Int,
        profileBindings: Int, fileSize: Int64?, storeVersion: StoreVersion = .empty
    ) {
        self.schemaVersion = schemaVersion
        self.migrationCount = migrationCount
        self.presets = presets
        self.artifacts = artifacts
        self.sessions = sessions
        self.connectionProfiles = connectionProfiles
        self.auditEntries = auditEntries
        self.chatBindings = chatBindings
        self.characterBindings = characterBindings
        self.profileBindings = profileBindings
        self.fileSize = fileSize
        self.storeVersion = storeVersion
    }
}
