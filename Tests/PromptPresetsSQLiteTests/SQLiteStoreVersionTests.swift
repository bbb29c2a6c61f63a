import Foundation
import GRDB
import PromptPresets
@testable import PromptPresetsSQLite
import Testing

@Suite("SQLiteStore versions and change feed")
struct SQLiteStoreVersionTests {
    let catalog = makeTestCatalog()

    @Test("Every commit gets the next version, an empty one none, and versions survive reopening")
    func versionsIncreaseByOne() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path

        do {
            let store = try SQLiteStore(path: path)
            #expect(try store.readVersion() == .empty)
            var driver = try StoreDriver(store)
            #expect(driver.snapshot.version == .empty)
            let alice = try driver.run { try $0.createPreset(named: "Alice", $1) }
            #expect(try store.readVersion() == StoreVersion(1))
            #expect(driver.snapshot.version == StoreVersion(1))
            try driver.run { try $0.renamePreset(alice.id, to: "Alicia", $1) }
            #expect(try store.readVersion() == StoreVersion(2))
            #expect(try store.apply([], basedOn: StoreVersion(2)) == StoreVersion(2))
            #expect(try store.readVersion() == StoreVersion(2))
            // A commit based on an older version still gets the next one; the caller catches up.
            let stale = try store.loadSnapshot(catalog: catalog)
            let otherWriter = CommandEnvironment(clock: Clock(now: { fixedDate }), ids: .sequential(prefix: "other-"), actor: "other")
            try driver.run { try $0.bind(.chat("c"), to: alice.id, $1) }
            #expect(try store.apply(stale.createPreset(named: "Bob", otherWriter).changes, basedOn: stale.version)
                == StoreVersion(4))
        }

        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.readVersion() == StoreVersion(4))
        #expect(try reopened.loadSnapshot(catalog: catalog).version == StoreVersion(4))
        #expect(try reopened.loadSnapshot(catalog: catalog, bindingsFor: Context(chat: "c")).version == StoreVersion(4))
        #expect(try reopened.loadResolutionSnapshot(catalog: catalog, for: Context(chat: "c")).version == StoreVersion(4))
        #expect(try await reopened.currentVersion() == StoreVersion(4))
    }

    @Test("A follower applying the feed from version 0 ends equal to a full load")
    func feedFromTheStartRebuildsTheState() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let ids = try runRealisticSeries(&driver)
        let version = try store.readVersion()

        guard case .changes(let changes, let through) = try store.readChanges(after: .empty) else {
            Issue.record("expected changes")
            return
        }
        #expect(through == version)
        let followed = Snapshot(catalog: catalog).applying(changes, through: through)
        let loaded = try store.loadSnapshot(catalog: catalog)
        #expect(followed == loaded)
        #expect(followed.version == loaded.version)
        // What equality covers, spelled out: dismissals and operation maps come back.
        #expect(followed.artifacts[ids.oldBreak]?.dismissedVersions == [SemanticVersion(1, 1, 0)])
        #expect(followed.presets[ids.bob]?.operations == ["scene_break": ids.oldBreak])
        #expect(followed.sessions[ids.openSession] != nil)
        // Coalesced: one entry per object, however often it changed.
        #expect(changes.count == Set(changes.map(Self.object)).count)
        #expect(changes.filter { Self.object($0) == "preset \(ids.alice.rawValue)" }.count == 1)
    }

    @Test("The feed gives the current state of each touched object, removed bindings of a deleted preset included")
    func feedIsCoalescedCurrentState() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let alice = try driver.run { try $0.createPreset(named: "Alice", $1) }
        let bob = try driver.run { try $0.createPreset(named: "Bob", $1) }
        try driver.run { try $0.bind(.chat("c1"), to: alice.id, $1) }
        try driver.run { try $0.bind(.chat("c2"), to: alice.id, $1) }
        try driver.run { try $0.bind(.character("Seraphina"), to: alice.id, $1) }
        try driver.run { try $0.bind(.profile("Default"), to: bob.id, $1) }
        let follower = driver.snapshot

        try driver.run { try $0.renamePreset(alice.id, to: "Alicia", $1) }
        try driver.run { try $0.renamePreset(bob.id, to: "Robert", $1) }
        try driver.run { try $0.renamePreset(bob.id, to: "Roberto", $1) }
        // A partial snapshot that does not hold the chat bindings deletes Alice.
        let partial = try store.loadSnapshot(catalog: catalog, bindingsFor: Context(character: "Seraphina"))
        try store.commit(partial.deletePreset(alice.id, makeEnvironment()))

        let feed = try store.readChanges(after: follower.version)
        guard case .changes(let changes, let through) = feed else {
            Issue.record("expected changes, got \(feed)")
            return
        }
        #expect(through == follower.version.advanced(by: 4))
        #expect(changes.contains(.deletePreset(alice.id, revision: 0)))
        #expect(changes.contains(.removeBinding(.chat("c1"))))
        #expect(changes.contains(.removeBinding(.chat("c2"))))
        #expect(changes.contains(.removeBinding(.character("Seraphina"))))
        #expect(!changes.contains { Self.object($0) == "binding profile 'Default'" })
        let robert = try #require(changes.compactMap { if case .updatePreset(let p) = $0, p.id == bob.id { p } else { nil } }.first)
        #expect(robert.name == "Roberto")
        #expect(changes.count == Set(changes.map(Self.object)).count)

        let caughtUp = follower.applying(changes, through: through)
        #expect(caughtUp == (try store.loadSnapshot(catalog: catalog)))
        #expect(caughtUp.bindings.all == [Binding(.profile("Default"), to: bob.id)])

        #expect(try store.readChanges(after: through) == .changes([], through: through))
        #expect(try store.readChanges(after: through.advanced(by: 5)) == .changes([], through: through))
    }

    @Test("A follower behind the trimmed change log must reload; one within it catches up")
    func trimmedLogRequiresReload() throws {
        let store = try SQLiteStore.inMemory(changeLogRetention: 3)
        var driver = try StoreDriver(store)
        let preset = try driver.run { try $0.createPreset(named: "P0", $1) }
        for index in 1...20 {
            try driver.run { try $0.renamePreset(preset.id, to: "P\(index)", $1) }
        }
        let current = try store.readVersion()
        #expect(current == StoreVersion(21))
        #expect(try store.readChanges(after: .empty) == .reloadRequired(current: current))
        #expect(try store.readChanges(after: StoreVersion(10)) == .reloadRequired(current: current))

        guard case .changes(let changes, _) = try store.readChanges(after: StoreVersion(18)) else {
            Issue.record("a follower three versions behind must catch up from the log")
            return
        }
        #expect(changes.count == 1)

        let (rows, floor) = try store.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? -1,
             try Int64.fetchOne(db, sql: "SELECT log_floor FROM store_state") ?? -1)
        }
        #expect(rows <= 6)
        #expect(floor >= 15 && floor <= 18)
        #expect(try store.readChanges(after: StoreVersion(floor - 1)) == .reloadRequired(current: current))
        #expect(try store.readChanges(after: StoreVersion(floor)) != .reloadRequired(current: current))
    }

    @Test("The async API commits, loads, follows and reads the audit log")
    func asyncAPI() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)

        let empty = try await store.load(catalog: catalog)
        let created = try empty.createPreset(named: "Alice", makeEnvironment())
        let version = try await store.commit(created.changes, basedOn: created.basedOn)
        #expect(version == StoreVersion(1))
        #expect(try await store.commit([], basedOn: version) == version)
        let loaded = try await store.load(catalog: catalog)
        #expect(loaded == created.snapshot)
        #expect(loaded.version == version)
        #expect(try await store.changes(after: .empty) == .changes([.updatePreset(created.value)], through: version))
        #expect(try await store.auditLog(limit: 5).map(\.action) == ["preset.create"])
        #expect(try await store.currentVersion() == version)

        await #expect(throws: PresetError.self) {
            try await store.commit(created.changes, basedOn: .empty)  // the same insert again
        }
        #expect(try await store.currentVersion() == version)
    }

    /// A name for the object a change is about, to count entries per object.
    static func object(_ change: Change) -> String {
        switch change {
        case .insertArtifact(let a), .updateArtifact(let a): "artifact \(a.id.rawValue)"
        case .deleteArtifact(let id, _): "artifact \(id.rawValue)"
        case .insertPreset(let p), .updatePreset(let p): "preset \(p.id.rawValue)"
        case .deletePreset(let id, _): "preset \(id.rawValue)"
        case .setBinding(let b): "binding \(b.scope)"
        case .removeBinding(let scope): "binding \(scope)"
        case .removeBindings(let id): "bindings of \(id.rawValue)"
        case .putSession(let s): "session \(s.id.rawValue)"
        case .deleteSession(let id, _): "session \(id.rawValue)"
        case .setCounter(let operation, _): "counter \(operation)"
        case .putConnectionProfile(let p): "profile \(p.id)"
        case .deleteConnectionProfile(let id): "profile \(id)"
        case .appendAudit(let entry): "audit \(entry)"
        }
    }
}

extension StoreVersion {
    func advanced(by count: Int64) -> StoreVersion { StoreVersion(rawValue + count) }
}
