import Foundation
import PostgresNIO
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsService
@testable import PromptPresetsPostgres
import Testing

@Suite("PostgreSQL store URLs")
struct PostgresLocationTests {
    @Test("a URL names host, port, database and user; the password never shows in its description")
    func parsing() throws {
        let location = try PostgresLocation(url: "postgresql://app:s3cr%40t@db.internal:6543/presets")
        #expect(location.endpoint == .tcp(host: "db.internal", port: 6543))
        #expect(location.user == "app")
        #expect(location.password == "s3cr@t")
        #expect(location.database == "presets")
        #expect(location.tls == .prefer)
        #expect(location.description == "postgres://app@db.internal:6543/presets")
        #expect(!"\(location)".contains("s3cr"))
        #expect(location.server == "db.internal:6543")
    }

    @Test("the password comes from the URL, else a password file, else PGPASSWORD")
    func passwordSources() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pp-password-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try "from-file\nignored\n".write(to: file, atomically: true, encoding: .utf8)
        let environment = ["PGPASSWORD": "from-env", "PGUSER": "envuser"]
        #expect(try PostgresLocation(url: "postgres://u:in-url@h/d", environment: environment, passwordFile: file.path).password == "in-url")
        #expect(try PostgresLocation(url: "postgres://u@h/d", environment: environment, passwordFile: file.path).password == "from-file")
        let fromEnvironment = try PostgresLocation(url: "postgres://h/d", environment: environment)
        #expect(fromEnvironment.password == "from-env")
        #expect(fromEnvironment.user == "envuser")
        #expect(fromEnvironment.endpoint == .tcp(host: "h", port: 5432))
    }

    @Test("loopback and sockets default to no TLS; a name that only starts with 127. does not")
    func tlsDefaults() throws {
        #expect(try PostgresLocation(url: "postgres://127.0.0.1:5432/d").tls == .disable)
        #expect(try PostgresLocation(url: "postgres://localhost/d").tls == .disable)
        #expect(try PostgresLocation(url: "postgres://127.evil.test/d").tls == .prefer)
        #expect(try PostgresLocation(url: "postgres://db/d?sslmode=require").tls == .require)
        let socket = try PostgresLocation(url: "postgres://u@/d?host=/var/run/postgresql")
        #expect(socket.endpoint == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(socket.tls == .disable)
    }

    @Test("a bad URL is refused naming what is wrong, never echoing the password", arguments: [
        "postgres://u:pw@host", "postgres://u:pw@/db", "postgres://u:pw@host:99999/db",
        "postgres://u:pw@host/db?sslmode=sometimes", "postgres://u:pw@host/a/b",
    ])
    func badURLs(url: String) {
        #expect {
            try PostgresLocation(url: url)
        } throws: { error in
            guard let error = error as? PostgresStoreError, case .invalidURL = error else { return false }
            return !error.description.contains("pw")
        }
    }
}

@Suite("PostgreSQL store", .enabled(if: TestPostgres.base != nil, Comment(rawValue: TestPostgres.skipMessage)))
struct PostgresStoreTests {
    @Test("six instances opening a new database at once all succeed, and the schema is made once")
    func concurrentFirstOpens() async throws {
        try await TestPostgres.withDatabase { location in
            let versions = try await withThrowingTaskGroup(of: StoreVersion.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let store = try await PostgresStore.open(location, maximumConnections: 2)
                        let version = try await store.currentVersion()
                        await store.disconnect()
                        return version
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(versions == Array(repeating: .empty, count: 6))
            let store = try await PostgresStore.open(location, maximumConnections: 2)
            #expect(try await store.status().migrationCount == PostgresStore.migrations.count)
            await store.disconnect()
        }
    }

    @Test("a database migrated by a newer version is refused and left as it was")
    func newerSchema() async throws {
        try await TestPostgres.withDatabase { location in
            let store = try await PostgresStore.open(location, maximumConnections: 2)
            await store.disconnect()
            try await TestPostgres.administer(location, "INSERT INTO schema_migration (identifier) VALUES ('v99-from-the-future')")
            await #expect {
                try await PostgresStore.open(location)
            } throws: { error in
                guard case PostgresStoreError.newerSchema(_, let unknown) = error else { return false }
                return unknown == ["v99-from-the-future"]
            }
            let reopened = try await TestPostgres.count(location, "SELECT count(*) FROM schema_migration")
            #expect(reopened == PostgresStore.migrations.count + 1)
        }
    }

    @Test("a database holding another application's table of the same name is not adopted")
    func foreignDatabase() async throws {
        try await TestPostgres.withDatabase { location in
            try await TestPostgres.administer(location, "CREATE TABLE preset (id INTEGER PRIMARY KEY, colour TEXT)")
            await #expect {
                try await PostgresStore.open(location)
            } throws: { error in
                guard case PostgresStoreError.notAStore = error else { return false }
                return true
            }
            #expect(try await TestPostgres.count(location, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'artifact'") == 0,
                    "the failed migration left nothing behind")
        }
    }

    @Test("a commit on one instance wakes another's follower through NOTIFY, also after its connection was cut")
    func notices() async throws {
        try await TestPostgres.withDatabase { location in
            let writer = try await PostgresStore.open(location, maximumConnections: 2)
            let reader = try await PostgresStore.open(location, maximumConnections: 2)
            let writing = try await PresetLibrary(store: writer, catalog: .autoRecap)
            let following = try await PresetLibrary(store: reader, catalog: .autoRecap)
            // A poll interval no test waits for: only a notice (or a reconnect) can wake it in time.
            let follower = Task { await following.follow(every: .seconds(600)) }
            defer { follower.cancel() }
            try await Task.sleep(for: .milliseconds(300))  // the listener connects

            _ = try await writing.perform(actor: "test") { try $0.createPreset(named: "Told", $1) }
            #expect(try await eventually(within: 5) { following.snapshot.allPresets.contains { $0.name == "Told" } })

            // Cut every connection but ours: the listener reconnects and catches up on what it missed.
            // The write after the cut comes from a store of its own, whose connections are new:
            // what is under test is the follower's side of the cut.
            try await TestPostgres.administer(
                TestPostgres.base!, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(location.database)'")
            let laterWriter = try await PostgresStore.open(location, maximumConnections: 2)
            let laterWriting = try await PresetLibrary(store: laterWriter, catalog: .autoRecap)
            _ = try await laterWriting.perform(actor: "test") { try $0.createPreset(named: "After the cut", $1) }
            #expect(try await eventually(within: 10) { following.snapshot.allPresets.contains { $0.name == "After the cut" } })
            await laterWriter.disconnect()
            await reader.disconnect()
            await writer.disconnect()
        }
    }

    @Test("a server that cannot be reached is one line naming host and port")
    func unreachable() async throws {
        await #expect {
            try await PostgresStore.open(try PostgresLocation(url: "postgres://someone:hunter2@127.0.0.1:1/nothing"))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("127.0.0.1:1") && !text.contains("hunter2") && !text.contains("\n")
        }
    }
}

extension TestPostgres {
    /// A count from a statement on `location`'s database.
    static func count(_ location: PostgresLocation, _ sql: String) async throws -> Int {
        let connection = try await PostgresStore.connect(location, logger: logger)
        do {
            var value = 0
            for try await count in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int.self) {
                value = count
            }
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
