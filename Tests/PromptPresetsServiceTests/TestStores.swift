import Foundation
import Logging
import PostgresNIO
import PromptPresets
@testable import PromptPresetsPostgres
import PromptPresetsSQLite
import Testing

/// Every store engine, for suites that must hold for all of them.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqliteInMemory, sqliteFile, postgres

    var testDescription: String { rawValue }

    /// The kinds this run can test: PostgreSQL only with `PROMPT_PRESETS_TEST_POSTGRES` set.
    static var available: [StoreKind] {
        TestPostgres.base == nil ? allCases.filter { $0 != .postgres } : allCases
    }

    /// Runs `body` with a fresh, empty store and removes it afterwards.
    func withStore(changeLogRetention: Int = 10_000, _ body: (any ManagedStore) async throws -> Void) async throws {
        switch self {
        case .memory:
            try await body(InMemoryStore(changeLogLimit: changeLogRetention))
        case .sqliteInMemory:
            try await body(try SQLiteStore.inMemory(changeLogRetention: changeLogRetention))
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-conformance-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await body(try SQLiteStore(
                path: directory.appendingPathComponent("store.sqlite").path, changeLogRetention: changeLogRetention))
        case .postgres:
            try await TestPostgres.withDatabase { location in
                let store = try await PostgresStore.open(location, changeLogRetention: changeLogRetention, maximumConnections: 4)
                do {
                    try await body(store)
                } catch {
                    await store.disconnect()
                    throw error
                }
                await store.disconnect()
            }
        }
    }
}

/// The PostgreSQL server the tests may use: `PROMPT_PRESETS_TEST_POSTGRES=postgres://user@host:port/db`
/// (a user allowed to create databases). Each test gets a database of its own, dropped afterwards.
enum TestPostgres {
    static let skipMessage = """
        PROMPT_PRESETS_TEST_POSTGRES is not set: the PostgreSQL store is not tested. \
        Start one with 'bash Scripts/local-postgres.sh start' and export the URL it prints.
        """

    static let base: PostgresLocation? = ProcessInfo.processInfo.environment["PROMPT_PRESETS_TEST_POSTGRES"].flatMap {
        try? PostgresLocation(url: $0, environment: ProcessInfo.processInfo.environment)
    }

    static let logger = Logger(label: "tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Creates a new database, runs `body` with its location, drops it (whatever `body` did).
    static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        let base = try #require(base, "\(skipMessage)")
        let name = "pp_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await administer(base, "CREATE DATABASE \(name)")
        do {
            let value = try await body(base.with(database: name))
            try await administer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return value
        } catch {
            try? await administer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs one statement on the base database (names here are generated, never user input).
    static func administer(_ base: PostgresLocation, _ sql: String) async throws {
        let connection = try await PostgresStore.connect(base, logger: logger)
        do {
            try await connection.run(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

@Suite("PostgreSQL availability")
struct PostgresAvailabilityTests {
    @Test("the PostgreSQL store is under test", .enabled(if: TestPostgres.base != nil, Comment(rawValue: TestPostgres.skipMessage)))
    func configured() async throws {
        try await TestPostgres.withDatabase { location in
            let store = try await PostgresStore.open(location, maximumConnections: 2)
            #expect(try await store.currentVersion() == .empty)
            await store.disconnect()
        }
    }
}
