import Foundation
import GRDB
import PromptPresets
import PromptPresetsSQLite
import Testing

@Suite("SQLiteStore damaged rows")
struct SQLiteStoreDamageTests {
    let catalog = makeTestCatalog()

    /// A hand edit of a valid store, and a word the error must name.
    struct Tampering: Sendable, CustomTestStringConvertible {
        var sql: String
        var named: String
        var testDescription: String { sql }
    }

    static let tamperings: [Tampering] = [
        Tampering(sql: "UPDATE operation_counter SET last_number = 9223372036854775807", named: "operation_counter"),
        Tampering(sql: "UPDATE artifact SET config = '{not json'", named: "config"),
        Tampering(sql: "UPDATE artifact SET config = '[1, 2]'", named: "config"),
        Tampering(sql: "UPDATE artifact SET revision = -5", named: "revision"),
        Tampering(sql: "UPDATE artifact SET number = 0 WHERE operation = 'scene_recap'", named: "number"),
        Tampering(sql: "UPDATE artifact SET parent_kind = 'galaxy'", named: "parent"),
        Tampering(sql: "UPDATE artifact SET origin = 'nowhere'", named: "origin"),
        Tampering(sql: "UPDATE artifact SET based_on = 'one point oh'", named: "based_on"),
        Tampering(sql: "UPDATE preset SET revision = -5", named: "revision"),
        Tampering(sql: "UPDATE preset SET revision = 9223372036854775807", named: "revision"),
        Tampering(sql: "UPDATE preset SET revision = 'many'", named: "preset"),
        Tampering(sql: "UPDATE edit_session SET revision = 0", named: "revision"),
        Tampering(sql: "UPDATE edit_session SET copy_scope = 'galaxy', copy_key = 'x'", named: "copy binding"),
        Tampering(sql: "UPDATE edit_session SET copy_scope = 'chat'", named: "copy binding"),
        Tampering(sql: "UPDATE edit_session SET start_config = 'null'", named: "start_config"),
        Tampering(sql: "UPDATE update_dismissal SET version = 'soon'", named: "update_dismissal"),
        Tampering(sql: "UPDATE store_state SET version = 9223372036854775807", named: "store_state"),
        Tampering(sql: "UPDATE store_state SET log_floor = version + 5", named: "store_state"),
        Tampering(sql: "DELETE FROM store_state", named: "store_state"),
    ]

    @Test("A tampered row makes loading fail with a one-line error, never a crash", arguments: tamperings)
    func tamperedRowIsAnError(_ tampering: Tampering) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            var driver = try StoreDriver(try SQLiteStore(path: path))
            try runRealisticSeries(&driver)
        }
        try tamper(path, tampering.sql)

        let store = try SQLiteStore(path: path)
        let error = #expect(throws: SQLiteStoreError.self) { try store.loadSnapshot(catalog: catalog) }
        guard case .notADatabase(let errorPath, let detail)? = error else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(detail.contains(tampering.named), "\(detail)")
        #expect(error.map { !$0.description.contains("\n") } == true, "\(String(describing: error))")
        // Following from the start reads every object too, and must fail the same way.
        #expect(throws: SQLiteStoreError.self) { try store.readChanges(after: .empty) }
    }

    @Test("A NULL where the schema allows none is an error, not a trap")
    func nullInANotNullColumn() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            var driver = try StoreDriver(try SQLiteStore(path: path))
            try runRealisticSeries(&driver)
        }
        // Drop the NOT NULL constraints of two tables the way a careless hand edit could.
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: """
                UPDATE sqlite_master SET sql = replace(sql, 'name TEXT NOT NULL UNIQUE', 'name TEXT UNIQUE')
                WHERE name = 'connection_profile';
                UPDATE sqlite_master SET sql = replace(sql, 'preset_id TEXT NOT NULL,', 'preset_id TEXT,')
                WHERE name = 'binding';
                """)
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        for sql in ["UPDATE connection_profile SET name = NULL", "UPDATE binding SET preset_id = NULL"] {
            try tamper(path, sql)
            let store = try SQLiteStore(path: path)
            let error = #expect(throws: SQLiteStoreError.self, "\(sql)") { try store.loadSnapshot(catalog: catalog) }
            guard case .notADatabase? = error else {
                Issue.record("expected notADatabase for \(sql), got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("An unknown entity in the change log is an error of the feed")
    func unknownChangeLogEntity() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            var driver = try StoreDriver(try SQLiteStore(path: path))
            try driver.run { try $0.createPreset(named: "Alice", $1) }
        }
        try tamper(path, "INSERT INTO change_log (version, entity, key) VALUES (1, 'spaceship', 'x')")
        let store = try SQLiteStore(path: path)
        let error = #expect(throws: SQLiteStoreError.self) { try store.readChanges(after: .empty) }
        #expect(error?.description.contains("spaceship") == true)
        #expect(try store.loadSnapshot(catalog: catalog).presets.count == 1)
    }

    /// Runs `sql` on the closed store file, bypassing CHECK constraints like a hand edit would.
    func tamper(_ path: String, _ sql: String) throws {
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
            #expect(db.changesCount > 0, "\(sql) changed nothing")
        }
    }
}
