import Foundation

/// A signed-in browser as the store keeps it, so every server instance on the store knows it
/// and a restart keeps it. Only a hash of the cookie value is stored.
public struct WebSignIn: Sendable, Hashable {
    /// SHA-256 of the cookie value, lower-case hex.
    public var idHash: String
    /// The token the browser's writes must send (`X-CSRF-Token`).
    public var csrfToken: String
    public var createdAt: Date

    public init(idHash: String, csrfToken: String, createdAt: Date) {
        self.idHash = idHash
        self.csrfToken = csrfToken
        self.createdAt = createdAt
    }
}

/// What the programs around a store keep in it besides presets (the server's settings and web
/// sign-ins) and what they ask of it besides snapshots (status, the bindings of one preset).
/// `SQLiteStore` and `PostgresStore` implement it; every instance of a server on one store
/// therefore sees the same token, the same sign-ins and the same sessions.
public protocol ManagedStore: PresetStore {
    /// Where the store is, for messages: a file path, or a URL without its password.
    var location: String { get }

    /// Counts of what the store holds, its schema and its size.
    func status() async throws -> StoreStatus

    /// The bindings pinned to `preset` (what deleting it removes), without loading every binding:
    /// profiles, then characters, then chats, each by key.
    func bindings(to preset: PresetID) async throws -> [Binding]

    /// A small setting of the programs using the store (the admin token's hash), if set.
    func setting(_ key: String) async throws -> String?
    func setSetting(_ key: String, to value: String) async throws
    /// Every setting (for copying a store).
    func settings() async throws -> [String: String]

    func saveSignIn(_ signIn: WebSignIn) async throws
    /// The sign-in whose cookie hashes to `idHash`, if it exists.
    func signIn(idHash: String) async throws -> WebSignIn?
    func deleteSignIn(idHash: String) async throws
    /// Removes sign-ins created before `date` (expired ones).
    func deleteSignIns(createdBefore date: Date) async throws

    /// Every audit entry, oldest first (for copying a store).
    func fullAuditLog() async throws -> [AuditEntry]

    /// Releases connections; the store is not used afterwards. SQLite has nothing to release.
    func disconnect() async
}

extension ManagedStore {
    public func disconnect() async {}
}
