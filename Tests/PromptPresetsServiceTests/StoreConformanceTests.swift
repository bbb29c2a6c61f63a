import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsSQLite
import Testing

/// The store protocol's promises (§8.2–8.3), checked against every implementation.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqliteInMemory, sqliteFile

    var testDescription: String { rawValue }

    /// A fresh, empty store, and the directory to remove afterwards (if any).
    func make() throws -> (store: any SynchronousPresetStore, directory: URL?) {
        switch self {
        case .memory:
            return (InMemoryStore(), nil)
        case .sqliteInMemory:
            return (try SQLiteStore.inMemory(), nil)
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-conformance-\(UUID().uuidString)")
            return (try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path), directory)
        }
    }
}

private let environment = CommandEnvironment(actor: "test")

@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("every commit gets the next version; an empty commit writes nothing", arguments: StoreKind.allCases)
    func versions(kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        var snapshot = try store.loadSnapshot(catalog: .autoRecap)
        #expect(snapshot.version == .empty)
        let created = try snapshot.createPreset(named: "Alice", environment)
        let first = try await store.commit(created.changes, basedOn: snapshot.version)
        #expect(first == StoreVersion(1))
        snapshot = created.snapshot.committed(as: first)
        let bound = try snapshot.bind(.chat("c1"), to: created.value.id, environment)
        #expect(try store.apply(bound.changes, basedOn: snapshot.version) == StoreVersion(2))
        #expect(try store.apply([], basedOn: StoreVersion(2)) == StoreVersion(2))
        #expect(try await store.currentVersion() == StoreVersion(2))
        #expect(try store.loadSnapshot(catalog: .autoRecap).version == StoreVersion(2))
    }

    @Test("a follower applying changes(after:) ends where a fresh load is", arguments: StoreKind.allCases)
    func changeFeed(kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let follower = try store.loadSnapshot(catalog: .autoRecap)
        var writer = follower
        @discardableResult func run<Value>(_ command: (Snapshot) throws -> Outcome<Value>) throws -> Value {
            let outcome = try command(writer)
            let version = try store.apply(outcome.changes, basedOn: outcome.basedOn)
            writer = outcome.snapshot.committed(as: version)
            return outcome.value
        }
        let alice = try run { try $0.createPreset(named: "Alice", environment) }
        let bob = try run { try $0.createPreset(named: "Bob", environment) }
        try run { try $0.bind(.chat("c1"), to: alice.id, environment) }
        try run { try $0.bind(.chat("c2"), to: alice.id, environment) }
        try run { try $0.bind(.character("Seraphina"), to: bob.id, environment) }
        let session = try run { try $0.openSession("scene_recap", in: bob.id, owner: "t", environment) }
        try run { try $0.changeSession(session.id, setting: "prompt", to: .string("Bob's prompt {{scene_messages}}"), environment) }
        try run { try $0.finishSession(session.id, environment) }
        try run { try $0.renamePreset(bob.id, to: "Robert", environment) }
        try run { try $0.deletePreset(alice.id, environment) }

        guard case .changes(let changes, let through) = try await store.changes(after: follower.version) else {
            Issue.record("the change log should reach back to the start")
            return
        }
        #expect(through == writer.version)
        let followed = follower.applying(changes, through: through)
        let fresh = try store.loadSnapshot(catalog: .autoRecap)
        #expect(followed == fresh)
        #expect(followed.bindings.chats.isEmpty, "the deleted preset's chat bindings are gone for the follower too")
        #expect(try followed.resolve("scene_recap", in: Context(character: "Seraphina")).preset == "Robert")
        #expect(try followed.resolve("scene_recap", in: Context(character: "Seraphina")).config["prompt"]
                == .string("Bob's prompt {{scene_messages}}"))

        // Nothing new: an empty feed at the same version.
        #expect(try await store.changes(after: through) == .changes([], through: through))
    }

    @Test("a stale update or delete is refused and changes nothing", arguments: StoreKind.allCases)
    func staleWrites(kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let empty = try store.loadSnapshot(catalog: .autoRecap)
        let created = try empty.createPreset(named: "Alice", environment)
        let v1 = try store.apply(created.changes, basedOn: empty.version)
        let stale = created.snapshot.committed(as: v1)

        // Another writer renames it (revision 2).
        let renamed = try stale.renamePreset(created.value.id, to: "Alicia", environment)
        let v2 = try store.apply(renamed.changes, basedOn: v1)

        // The stale reader's delete and rename name revision 1: both refused.
        let delete = try stale.deletePreset(created.value.id, environment)
        #expect(throws: PresetError.self) { try store.apply(delete.changes, basedOn: v1) }
        let rename = try stale.renamePreset(created.value.id, to: "Al", environment)
        #expect(throws: PresetError.self) { try store.apply(rename.changes, basedOn: v1) }

        let now = try store.loadSnapshot(catalog: .autoRecap)
        #expect(now.version == v2)
        #expect(try now.preset(named: "Alicia").revision == 2)
    }

    @Test("two writers numbering versions of one operation: the second is refused, not merged", arguments: StoreKind.allCases)
    func counterRace(kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let start = try store.loadSnapshot(catalog: .autoRecap)
        let a = try start.createPreset(named: "A", environment)
        let b = try a.snapshot.createPreset(named: "B", environment)
        let version = try store.apply(a.changes + b.changes, basedOn: start.version)
        let shared = b.snapshot.committed(as: version)
        let first = try shared.duplicateVersion("Default", of: "scene_recap", environment)
        let second = try shared.duplicateVersion("Default", of: "scene_recap", environment)
        try store.apply(first.changes, basedOn: version)
        #expect(throws: PresetError.self) { try store.apply(second.changes, basedOn: version) }
        #expect(try store.loadSnapshot(catalog: .autoRecap).artifacts(of: "scene_recap").count == 1)
    }

    @Test("edit sessions are revision-checked in the store", arguments: StoreKind.allCases)
    func sessionRevisions(kind: StoreKind) async throws {
        let (store, directory) = try kind.make()
        defer { directory.map { try? FileManager.default.removeItem(at: $0) } }
        let start = try store.loadSnapshot(catalog: .autoRecap)
        let preset = try start.createPreset(named: "A", environment)
        let opened = try preset.then { try $0.openSession("scene_recap", in: preset.value.id, owner: "tab-1", environment) }
        let version = try store.apply(opened.changes, basedOn: start.version)
        let shared = opened.snapshot.committed(as: version)
        let mine = try shared.changeSession(opened.value.id, setting: "prefill", to: .string("Mine"), environment)
        let theirs = try shared.changeSession(opened.value.id, setting: "prefill", to: .string("Theirs"), environment)
        try store.apply(mine.changes, basedOn: version)
        #expect(throws: PresetError.self) { try store.apply(theirs.changes, basedOn: version) }
        let now = try store.loadSnapshot(catalog: .autoRecap)
        let session = try #require(now.sessions[opened.value.id])
        #expect(now.sessionConfig(session)["prefill"] == .string("Mine"))
        #expect(session.revision == 2)
        #expect(session.owner == "tab-1")
    }
}
