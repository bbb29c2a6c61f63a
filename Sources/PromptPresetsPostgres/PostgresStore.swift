import Foundation
import Logging
import NIOCore
import PostgresNIO
import PromptPresets
import PromptPresetsStorage

/// A store in a PostgreSQL database, for several server instances behind a load balancer (§8.3).
///
/// The same protocol and conflict rules as `SQLiteStore`, on postgres-nio's connection pool:
/// every commit is one transaction that first locks the store's one `store_state` row, so
/// commits are serial (each sees every earlier one, which is what the revision checks in the
/// statements rely on) while reads never wait. A commit notifies channel
/// `prompt_presets_commits` with its version; followers listen on a dedicated connection
/// (`nextCommit(after:pollingEvery:)`) and poll slowly in case a notice is lost.
///
/// ```swift
/// let store = try await PostgresStore.open(PostgresLocation(url: "postgres://app@db:5432/presets"))
/// let library = try await PresetLibrary(store: store, catalog: .autoRecap)
/// ```
public final class PostgresStore: ManagedStore, Sendable {
    /// Where the database is (its description has no password).
    public let address: PostgresLocation
    /// How many of the newest versions `changes(after:)` reaches back.
    public let changeLogRetention: Int

    let client: PostgresClient
    let logger: Logger
    private let clientTask: Task<Void, Never>
    let notices: CommitNotices

    /// The channel commits notify, with their version as the payload.
    static let commitChannel = "prompt_presets_commits"
    /// How often a follower polls when no notice arrives (notices can be lost on a reconnect).
    public static let fallbackPollInterval: Duration = .seconds(1)

    /// Connects, creating the schema on first use (several instances may start at once), and
    /// starts the connection pool.
    /// - Throws: `PostgresStoreError.unreachable` (one line naming host and port) when no
    ///   connection can be made, `.newerSchema` for a database migrated by a newer version
    ///   (left untouched), `.notAStore` for a database holding other tables of those names.
    public static func open(
        _ address: PostgresLocation, changeLogRetention: Int = 10_000, maximumConnections: Int = 16,
        logger: Logger = Logger(label: "prompt-presets.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> PostgresStore {
        let connection = try await connect(address, logger: logger)
        do {
            try await migrate(connection, address: address, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw translate(error, address: address)
        }
        let client = PostgresClient(configuration: try clientConfiguration(address, maximumConnections: maximumConnections), backgroundLogger: logger)
        return PostgresStore(address: address, client: client, changeLogRetention: changeLogRetention, logger: logger)
    }

    private init(address: PostgresLocation, client: PostgresClient, changeLogRetention: Int, logger: Logger) {
        self.address = address
        self.client = client
        self.logger = logger
        self.changeLogRetention = max(1, changeLogRetention)
        self.clientTask = Task { await client.run() }
        self.notices = CommitNotices(address: address, channel: Self.commitChannel, logger: logger)
    }

    public var location: String { address.description }

    /// Closes every connection; the store is not used afterwards.
    public func disconnect() async {
        notices.stop()
        clientTask.cancel()
        await clientTask.value
    }

    deinit {
        notices.stop()
        clientTask.cancel()
    }

    // MARK: PresetStore

    public func load(catalog: Catalog, bindingsFor context: Context?) async throws -> Snapshot {
        try await reading { connection in
            try await Self.fetchSnapshot(connection, catalog: catalog, bindingsFor: context, logger: self.logger)
        }
    }

    /// Loads only what resolving `context` needs (see `SynchronousPresetStore`).
    public func loadResolution(catalog: Catalog, for context: Context) async throws -> Snapshot {
        try await reading { connection in
            try await Self.fetchResolutionSnapshot(connection, catalog: catalog, for: context, logger: self.logger)
        }
    }

    public func commit(_ changes: [Change], basedOn version: StoreVersion) async throws -> StoreVersion {
        guard !changes.isEmpty else { return try await currentVersion() }
        return try await translating {
            try await self.withConnection { connection in
                try await self.commit(changes, on: connection)
            }
        }
    }

    public func changes(after version: StoreVersion) async throws -> ChangeFeed {
        try await reading { connection in try await Self.fetchChanges(after: version, connection, logger: self.logger) }
    }

    public func commits(after version: StoreVersion, limit: Int) async throws -> CommitLog {
        try await reading { connection in
            try await Self.fetchCommits(after: version, limit: limit, connection, logger: self.logger)
        }
    }

    public func currentVersion() async throws -> StoreVersion {
        try await translating {
            try await self.withConnection { connection in
                try await Self.fetchState(connection, logger: self.logger).storeVersion
            }
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try await translating {
            try await self.withConnection { connection in
                try await Self.fetchAuditLog(connection, newestFirst: true, limit: limit, logger: self.logger)
            }
        }
    }

    public func nextCommit(after version: StoreVersion, pollingEvery interval: Duration) async {
        await notices.wait(after: version, timeout: max(interval, Self.fallbackPollInterval))
    }

    // MARK: Running statements

    /// Runs `body` in a read-only REPEATABLE READ transaction: everything it reads is one
    /// consistent state, however many statements it takes.
    func reading<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await translating {
            try await self.withConnection { connection in
                try await connection.inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger) {
                    try await body($0)
                }
            }
        }
    }

    /// How long a request waits for a pooled connection before the server counts as unreachable
    /// (the pool itself would wait for as long as it keeps failing to reconnect).
    static let leaseTimeout: Duration = .seconds(5)

    /// Runs `body` on a pooled connection. Only waiting for the connection times out: once
    /// `body` runs, it runs to its end, so a commit is never abandoned halfway through.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let leased = Locked(false)
        let server = address.server
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection in
                    leased.withLock { $0 = true }
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: Self.leaseTimeout)
                if leased.withLock({ $0 }) { return nil }
                throw PostgresStoreError.unreachable(server: server, detail: "no connection within \(Self.leaseTimeout)")
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }

    /// Runs `body`, turning driver errors into `PostgresStoreError` (domain conflicts pass).
    func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.translate(error, address: address)
        }
    }
}
