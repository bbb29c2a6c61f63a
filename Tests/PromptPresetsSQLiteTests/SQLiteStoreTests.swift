import Foundation
import GRDB
import PromptPresets
@testable import PromptPresetsSQLite
import Testing

@Suite("SQLiteStore")
struct SQLiteStoreTests {
    let catalog = makeTestCatalog()

    // MARK: Round trips

    @Test("Reopening the file gives back exactly the snapshot the commands produced")
    func reopenRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("missing/parents/store.sqlite").path

        let expected: Snapshot
        let ids: SeriesResult
        do {
            var driver = try StoreDriver(try SQLiteStore(path: path))
            ids = try runRealisticSeries(&driver)
            expected = driver.snapshot
        }

        let loaded = try SQLiteStore(path: path).loadSnapshot(catalog: catalog)
        #expect(loaded == expected)
        // The fixture date is one a seconds-since-1970 column would round; it must come back exactly.
        #expect(Date(timeIntervalSince1970: fixedDate.timeIntervalSince1970) != fixedDate)
        // Spot checks of what equality covers, so a failure says what broke.
        #expect(loaded.presets[ids.bob]?.name == "Robert")
        #expect(loaded.presets[ids.bob]?.operations == ["scene_break": ids.oldBreak])
        #expect(loaded.artifacts[ids.recap]?.name == "Alice recap")
        #expect(loaded.artifacts[ids.recap]?.label == "Alice recap")
        #expect(loaded.artifacts[ids.recap]?.config["prefill"] == .string("Recap:"))
        #expect(loaded.artifacts[ids.recap]?.parent == .default(SemanticVersion(1, 1, 0)))
        #expect(loaded.artifacts[ids.oldBreak]?.dismissedVersions == [SemanticVersion(1, 1, 0)])
        #expect(loaded.artifacts[ids.oldBreak]?.createdAt == fixedDate)
        #expect(loaded.sessions[ids.openSession]?.artifact != nil)
        #expect(loaded.bindings.count == 4)
        #expect(loaded.connectionProfile(named: "Claude")?.api == "anthropic")
        #expect(loaded.counters == ["scene_recap": 1, "scene_break": 2])
    }

    @Test("The same commands against InMemoryStore and SQLiteStore leave equal state")
    func parityWithInMemoryStore() throws {
        var memory = try StoreDriver(InMemoryStore())
        try runRealisticSeries(&memory)
        var sqlite = try StoreDriver(try SQLiteStore.inMemory())
        try runRealisticSeries(&sqlite)

        let fromMemory = try memory.store.loadSnapshot(catalog: catalog)
        let fromSQLite = try sqlite.store.loadSnapshot(catalog: catalog)
        #expect(fromSQLite == fromMemory)
        #expect(try sqlite.store.readAuditLog(limit: 1_000) == memory.store.readAuditLog(limit: 1_000))
    }

    // MARK: Conflicts and atomicity

    @Test("A rename based on a stale read is a conflict and the first rename stays")
    func staleRevisionIsAConflict() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let alice = try driver.run { try $0.createPreset(named: "Alice", $1) }

        let first = try store.loadSnapshot(catalog: catalog)
        let second = try store.loadSnapshot(catalog: catalog)
        try store.commit(first.renamePreset(alice.id, to: "Alicia", makeEnvironment()))

        let stale = try second.renamePreset(alice.id, to: "Alison", makeEnvironment())
        #expect(throws: PresetError.conflict("preset 'Alison'")) { try store.apply(stale.changes, basedOn: stale.basedOn) }

        let reloaded = try store.loadSnapshot(catalog: catalog)
        #expect(reloaded.presets[alice.id]?.name == "Alicia")
        #expect(reloaded.presets[alice.id]?.revision == 2)
        #expect(try store.readAuditLog(limit: 10).map(\.action) == ["preset.rename", "preset.create"])
    }

    @Test("Two concurrent forks of one operation conflict on the counter instead of sharing a number")
    func concurrentForksConflictOnTheCounter() throws {
        let store = try SQLiteStore.inMemory()
        let environment = makeEnvironment()  // one id source: the two forks get different ids
        let first = try store.loadSnapshot(catalog: catalog)
        let second = try store.loadSnapshot(catalog: catalog)

        let kept = try store.commit(first.duplicateVersion("Default", of: "scene_recap", environment))
        let late = try second.duplicateVersion("Default", of: "scene_recap", environment)
        #expect(late.value.number == kept.number)
        #expect(throws: PresetError.conflict("the version counter of 'scene_recap'")) { try store.apply(late.changes, basedOn: late.basedOn) }

        let reloaded = try store.loadSnapshot(catalog: catalog)
        #expect(reloaded.artifacts(of: "scene_recap").map(\.id) == [kept.id])
        #expect(reloaded.counters["scene_recap"] == 1)
    }

    @Test("A change list failing at its third change leaves nothing of the first two")
    func failingChangeListWritesNothing() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let alice = try driver.run { try $0.createPreset(named: "Alice", $1) }
        let edit = try driver.run { try $0.openSession("scene_recap", in: alice.id, $1) }

        // Someone else renames Alice after this snapshot was read.
        let stale = driver.snapshot
        try driver.run { try $0.renamePreset(alice.id, to: "Alicia", $1) }

        // The first real change forks: counter, new version, then the preset update that is stale.
        let fork = try stale.changeSession(edit.id, setting: "prompt", to: .string("New {{text}}"), driver.environment)
        guard fork.changes.count >= 3, case .setCounter = fork.changes[0], case .insertArtifact = fork.changes[1],
              case .updatePreset = fork.changes[2]
        else {
            Issue.record("unexpected change list \(fork.changes)")
            return
        }

        let before = try store.loadSnapshot(catalog: catalog)
        let auditBefore = try store.readAuditLog(limit: 100)
        #expect(throws: PresetError.conflict("preset 'Alice'")) { try store.apply(fork.changes, basedOn: fork.basedOn) }

        let after = try store.loadSnapshot(catalog: catalog)
        #expect(after == before)
        #expect(after.artifacts.isEmpty)
        #expect(after.counters["scene_recap"] == nil)
        #expect(try store.readAuditLog(limit: 100) == auditBefore)
    }

    @Test("Creating a preset whose name another writer just took is a conflict")
    func duplicateNameOnInsertIsAConflict() throws {
        let store = try SQLiteStore.inMemory()
        let environment = makeEnvironment()
        let first = try store.loadSnapshot(catalog: catalog)
        let second = try store.loadSnapshot(catalog: catalog)
        try store.commit(first.createPreset(named: "Carol", environment))
        let late = try second.createPreset(named: "Carol", environment)
        #expect(throws: PresetError.conflict("preset 'Carol'")) { try store.apply(late.changes, basedOn: late.basedOn) }
        #expect(try store.status().presets == 1)
    }

    @Test("Deleting a version a preset references fails in the database too")
    func deletingAReferencedArtifactIsRefused() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let ids = try runRealisticSeries(&driver)
        let before = try store.loadSnapshot(catalog: catalog)

        #expect(throws: PresetError.conflict("scene_break version 'v1' (a preset references it now)")) {
            try store.apply([.deleteArtifact(ids.oldBreak, revision: before.artifacts[ids.oldBreak]?.revision ?? 0)], basedOn: before.version)
        }
        #expect(try store.loadSnapshot(catalog: catalog) == before)
    }

    @Test("Deleting a preset from a partial snapshot removes every binding to it, loaded or not")
    func removeBindingsReachesUnloadedBindings() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let ids = try runRealisticSeries(&driver)
        try store.apply((0..<50).map { .setBinding(Binding(.chat("bulk-\($0)"), to: ids.alice)) }, basedOn: driver.snapshot.version)

        let partial = try store.loadSnapshot(catalog: catalog, bindingsFor: Context(chat: "chat-2"))
        #expect(partial.bindings.chats.count == 1)
        try store.commit(partial.deletePreset(ids.alice, makeEnvironment()))

        let reloaded = try store.loadSnapshot(catalog: catalog)
        #expect(!reloaded.bindings.all.contains { $0.preset == ids.alice })
        #expect(reloaded.bindings.all.map(\.scope) == [.character("Seraphina"), .chat("chat-2")])
        #expect(reloaded.presets[ids.alice] == nil)
    }

    // MARK: Partial loads

    static let contexts: [Context] = [
        Context(chat: "chat-1", character: "Seraphina"),
        Context(chat: "chat-2", character: "Seraphina"),
        Context(chat: "unbound-chat", character: "Seraphina"),
        Context(chat: "unbound-chat"),
        Context(character: "Nobody", profile: "Other"),
        Context(),
    ]

    @Test("A partial load holds only the context's bindings and resolves like the full snapshot", arguments: contexts)
    func partialLoadResolvesLikeTheFullSnapshot(context: Context) throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        try runRealisticSeries(&driver)
        let full = try store.loadSnapshot(catalog: catalog)

        let partial = try store.loadSnapshot(catalog: catalog, bindingsFor: context)
        let scopes = [context.chat.map(Scope.chat), context.character.map(Scope.character), .profile(context.profile)]
        let expected = Bindings(scopes.compactMap { scope in scope.flatMap { s in full.bindings[s].map { Binding(s, to: $0) } } })
        #expect(partial.bindings == expected)
        #expect(partial.resolvePreset(in: context) == full.resolvePreset(in: context))
        #expect(partial.resolveAll(in: context) == full.resolveAll(in: context))
    }

    @Test("A resolution load holds only the presets and versions the context needs and resolves like the full snapshot", arguments: contexts)
    func resolutionLoadResolvesLikeTheFullSnapshot(context: Context) throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        try runRealisticSeries(&driver)
        let full = try store.loadSnapshot(catalog: catalog)

        let minimal = try store.loadResolutionSnapshot(catalog: catalog, for: context)

        #expect(minimal.resolveAll(in: context) == full.resolveAll(in: context))
        let used = Set(minimal.bindings.all.map(\.preset))
        #expect(Set(minimal.presets.keys).isSubset(of: used))
        let referenced = Set(minimal.presets.values.flatMap(\.operations.values))
        #expect(Set(minimal.artifacts.keys) == referenced.intersection(full.artifacts.keys))
        #expect(minimal.sessions.isEmpty)
    }

    @Test("A partial load looks bindings up by primary key, never by scanning")
    func bindingLookupUsesThePrimaryKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        _ = try SQLiteStore(path: path)

        let plan = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteStore.bindingLookupSQL, arguments: ["chat", "x"])
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("PRIMARY KEY") })
        #expect(!plan.contains { $0.hasPrefix("SCAN") })
    }

    @Test("Many chat bindings load completely")
    func manyChatBindingsLoad() throws {
        let store = try SQLiteStore.inMemory()
        let preset = try store.commit(try store.loadSnapshot(catalog: catalog).createPreset(named: "Bulk", makeEnvironment()))
        let count = 20_000
        try store.apply((0..<count).map { .setBinding(Binding(.chat("chat-\($0)"), to: $0.isMultiple(of: 2) ? preset.id : .default)) }, basedOn: store.readVersion())

        let loaded = try store.loadSnapshot(catalog: catalog)
        #expect(loaded.bindings.chats.count == count)
        #expect(loaded.bindings.chats["chat-12345"] == .default)
        #expect(loaded.bindings.chats["chat-19998"] == preset.id)
        #expect(try store.status().chatBindings == count)
    }

    // MARK: Audit log and status

    @Test("The audit log returns the newest entries first")
    func auditLogIsNewestFirst() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        try runRealisticSeries(&driver)
        let written = driver.auditEntries
        #expect(written.count > 5)

        #expect(try store.readAuditLog(limit: 3) == Array(written.suffix(3).reversed()))
        #expect(try store.readAuditLog(limit: 10_000) == Array(written.reversed()))
        #expect(try store.readAuditLog(limit: 0).isEmpty)
        #expect(try store.readAuditLog(limit: 1).first?.action == "artifact.create")
    }

    @Test("Status counts what the store holds")
    func statusCounts() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        let empty = try store.status()
        #expect(empty.presets == 0 && empty.auditEntries == 0)

        var driver = try StoreDriver(store)
        try runRealisticSeries(&driver)
        let status = try store.status()
        #expect(status.schemaVersion == "v4-web-sign-ins")
        #expect(status.migrationCount == 4)
        #expect(status.presets == 2)
        #expect(status.artifacts == 3)  // the recap, the old scene break, the open session's fork
        #expect(status.sessions == 1)
        #expect(status.connectionProfiles == 1)
        #expect(status.auditEntries == driver.auditEntries.count)
        #expect(status.chatBindings == 2)
        #expect(status.characterBindings == 1)
        #expect(status.profileBindings == 1)
        #expect((status.fileSize ?? 0) > 0)

        #expect(try SQLiteStore.inMemory().status().fileSize == nil)
        #expect(try SQLiteStore.inMemory().path == nil)
        #expect(store.path?.hasSuffix("store.sqlite") == true)
    }

    @Test("A backup opens with an equal snapshot")
    func backupRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        try runRealisticSeries(&driver)

        let copy = directory.appendingPathComponent("backups/copy.sqlite").path
        try store.backup(to: copy)
        let restored = try SQLiteStore(path: copy)
        #expect(try restored.loadSnapshot(catalog: catalog) == driver.snapshot)
        #expect(try restored.readAuditLog(limit: 1_000) == store.readAuditLog(limit: 1_000))

        #expect(throws: SQLiteStoreError.self) { try restored.backup(to: copy) }
    }

    // MARK: Schema evolution and damaged files

    @Test("A store migrated by a newer version is refused and its file left byte for byte")
    func newerSchemaIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            var driver = try StoreDriver(try SQLiteStore(path: path))
            try driver.run { try $0.createPreset(named: "Alice", $1) }
        }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: path) }
        #expect(error == .newerSchema(path: path, unknownMigrations: ["v9-from-the-future"]))
        #expect(error?.description.contains("newer version of PromptPresets") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("A file of random bytes is not a database")
    func randomBytesAreRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("random.sqlite").path
        var generator = SystemRandomNumberGenerator()
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: path))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: path) }
        guard case .notADatabase(let errorPath, _)? = error else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(error?.description.hasPrefix("The store at \(path) is not a PromptPresets database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("A valid database truncated to half is reported as damaged, not a crash")
    func truncatedDatabaseIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        do {
            var driver = try StoreDriver(try SQLiteStore(path: path))
            try runRealisticSeries(&driver)
            try driver.store.apply((0..<3_000).map { .setBinding(Binding(.chat("chat-\($0)"), to: .default)) }, basedOn: driver.snapshot.version)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 8 * 4096)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: SQLiteStoreError.self) {
            let store = try SQLiteStore(path: path)
            _ = try store.loadSnapshot(catalog: catalog)
        }
        guard case .notADatabase? = error else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
    }

    @Test("A SQLite database of another application is not adopted")
    func foreignDatabaseIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE player (id INTEGER PRIMARY KEY, name TEXT)")
        }
        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: path) }
        guard case .notADatabase(_, let detail)? = error else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("player"))
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["player"])
    }

    @Test("A directory where the file should be cannot be opened")
    func directoryCannotBeOpened() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: SQLiteStoreError.self) { try SQLiteStore(path: directory.path) }
        guard case .cannotOpen(let path, _)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(path == directory.path)
    }
}

@Suite struct SQLiteSettingsTests {
    @Test func settingsAreStoredAndReplaced() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore(path: path)
        #expect(try store.setting("admin_token_sha256") == nil)
        try store.setSetting("admin_token_sha256", to: "abc")
        try store.setSetting("admin_token_sha256", to: "def")
        #expect(try SQLiteStore(path: path).setting("admin_token_sha256") == "def")
    }
}
