import Foundation
import GRDB
import PromptPresets
@testable import PromptPresetsSQLite
import Testing

@Suite("SQLiteStore files")
struct SQLiteStoreFileTests {
    let catalog = makeTestCatalog()

    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("A new store and its WAL files are readable by their owner only; an existing file keeps its mode")
    func newFilesAreOwnerOnly() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path

        let store = try SQLiteStore(path: path)
        var driver = try StoreDriver(store)
        try driver.run { try $0.createPreset(named: "Alice", $1) }
        #expect(try Self.mode(of: path) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(try Self.mode(of: path + suffix) == 0o600, "\(suffix)")
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))

        let backup = directory.appendingPathComponent("backup.sqlite").path
        try store.backup(to: backup)
        #expect(try Self.mode(of: backup) == 0o600)

        let shared = directory.appendingPathComponent("shared.sqlite").path
        #expect(FileManager.default.createFile(atPath: shared, contents: nil, attributes: [.posixPermissions: 0o640]))
        _ = try SQLiteStore(path: shared)
        #expect(try Self.mode(of: shared) == 0o640)
    }

    @Test("A file store is a WAL pool, synchronous FULL by default and NORMAL when fast", arguments: [Durability.durable, .fast])
    func walAndSynchronous(durability: Durability) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let store = durability == .durable ? try SQLiteStore(path: path) : try SQLiteStore(path: path, durability: durability)

        #expect(store.writer is DatabasePool)
        let (journal, synchronous) = try store.writer.writeWithoutTransaction { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal")
        #expect(synchronous == (durability == .durable ? 2 : 1))
        // Still true after commits (the writer connection is the one that keeps the setting).
        var driver = try StoreDriver(store)
        try driver.run { try $0.createPreset(named: "Alice", $1) }
        #expect(try store.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == synchronous)
    }

    @Test("Six stores opening one new file at once all succeed, and all their commits land")
    func concurrentFirstOpens() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let openers = 6
        for round in 0..<5 {
            let path = directory.appendingPathComponent("round-\(round)/store.sqlite").path
            let failures = Failures()
            let group = DispatchGroup()
            for index in 0..<openers {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    do {
                        let store = try SQLiteStore(path: path)
                        let snapshot = try store.loadSnapshot(catalog: makeTestCatalog())
                        let environment = CommandEnvironment(
                            clock: Clock(now: { fixedDate }), ids: .sequential(prefix: "t\(index)-"), actor: "t\(index)")
                        try store.commit(snapshot.createPreset(named: "Preset \(index)", environment))
                    } catch {
                        failures.append("\(index): \(error)")
                    }
                }
                thread.start()
            }
            group.wait()
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")

            let store = try SQLiteStore(path: path)
            #expect(try store.readVersion() == StoreVersion(Int64(openers)))
            #expect(try store.loadSnapshot(catalog: catalog).presets.count == openers)
            #expect(try store.status().migrationCount == SQLiteStore.migrations.count)
        }
    }

    @Test("A store written before versions existed is migrated to version 0 with its sessions at revision 1")
    func migratesAVersionTwoStore() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        // Build a v2 store with the first two migrations only, the way an older release left it.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.inTransaction {
                try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                for migration in SQLiteStore.migrations.prefix(2) {
                    try migration.apply(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations VALUES (?)", arguments: [migration.identifier])
                }
                try db.execute(sql: """
                    INSERT INTO preset VALUES ('p1', 'Alice', '', 0, 0, 1);
                    INSERT INTO edit_session VALUES ('s1', 'p1', 'scene_recap', NULL, '{}', NULL, 0, 0);
                    """)
                return .commit
            }
        }

        let store = try SQLiteStore(path: path)
        let snapshot = try store.loadSnapshot(catalog: catalog)
        #expect(snapshot.version == .empty)
        #expect(snapshot.presets[PresetID("p1")]?.name == "Alice")
        #expect(snapshot.sessions[SessionID("s1")]?.revision == 1)
        #expect(snapshot.sessions[SessionID("s1")]?.owner == "")
        #expect(try store.status().schemaVersion == "v4-web-sign-ins")
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
