import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsService
import PromptPresetsSQLite
import Testing

/// Two `PresetLibrary`s on one store behave like two processes sharing it (§8.1–8.2).
@Suite("PresetLibrary: following one store")
struct LibraryTests {
    let store = InMemoryStore()

    func library() async throws -> PresetLibrary {
        try await PresetLibrary(store: store, catalog: .autoRecap)
    }

    @Test("a write by one library reaches the other by catching up, incrementally")
    func catchUp() async throws {
        let a = try await library()
        let b = try await library()
        let alice = try await a.perform(actor: "a") { try $0.createPreset(named: "Alice", $1) }
        try await a.perform(actor: "a") { try $0.bind(.chat("c1"), to: alice.id, $1) }
        #expect(try b.snapshot.resolve("scene_recap", in: Context(chat: "c1")).preset == "Default")

        #expect(try await b.catchUp())
        #expect(b.version == a.version)
        #expect(try b.snapshot.resolve("scene_recap", in: Context(chat: "c1")).preset == "Alice")
        #expect(try await b.catchUp() == false)
    }

    @Test("a stale If-Match delete is refused after catching up, and the newer change survives")
    func staleDelete() async throws {
        let a = try await library()
        let b = try await library()
        let alice = try await a.perform(actor: "a") { try $0.createPreset(named: "Alice", $1) }
        try await b.catchUp()
        let readRevision = try #require(b.snapshot.presets[alice.id]?.revision)
        try await a.perform(actor: "a") { try $0.renamePreset(alice.id, to: "Alicia", $1) }

        await #expect(throws: PresetError.staleRevision(kind: "preset", name: "Alicia", expected: readRevision, actual: readRevision + 1)) {
            try await b.perform(actor: "b") { try $0.deletePreset(alice.id, expectedRevision: readRevision, $1) }
        }
        #expect(try store.loadSnapshot(catalog: .autoRecap).preset(named: "Alicia").id == alice.id)
        #expect(b.snapshot.presets[alice.id]?.name == "Alicia", "the refused writer caught up")
    }

    @Test("a library behind the store accepts a revision the caller read elsewhere, and objects it has not followed yet")
    func callerAheadOfTheLibrary() async throws {
        let a = try await library()
        let b = try await library()
        let alice = try await a.perform(actor: "a") { try $0.createPreset(named: "Alice", $1) }
        let renamed = try await a.perform(actor: "a") { try $0.renamePreset(alice.id, to: "Alicia", $1) }
        // The caller read revision 2 from `a`; `b` has followed nothing yet.
        let described = try await b.perform(actor: "b") {
            try $0.describePreset(alice.id, as: "Seen elsewhere", expectedRevision: renamed.revision, $1)
        }
        #expect(described.name == "Alicia")
        #expect(described.revision == renamed.revision + 1)
        #expect(try store.loadSnapshot(catalog: .autoRecap).presets[alice.id]?.description == "Seen elsewhere")
    }

    @Test("versions of one operation in different presets from two libraries: both succeed, numbers distinct")
    func counterRetry() async throws {
        let a = try await library()
        let b = try await library()
        let p = try await a.perform(actor: "a") { try $0.createPreset(named: "P", $1) }
        let q = try await a.perform(actor: "a") { try $0.createPreset(named: "Q", $1) }
        try await b.catchUp()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (library, preset) in [(a, p.id), (b, q.id)] {
                group.addTask {
                    for round in 0..<10 {
                        try await library.perform(actor: "edit") { snapshot, environment in
                            let opened = try snapshot.openSession("scene_recap", in: preset, owner: "\(preset)", environment)
                            let changed = try opened.then {
                                try $0.changeSession(opened.value.id, setting: "prefill", to: .string("round \(round)"), environment)
                            }
                            return try changed.then { try $0.finishSession(opened.value.id, environment) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let stored = try store.loadSnapshot(catalog: .autoRecap)
        let numbers = stored.artifacts(of: "scene_recap").map(\.number)
        #expect(Set(numbers).count == numbers.count)
        #expect(stored.counters["scene_recap"] == 20)
    }

    @Test("follow() applies another library's commits without being asked")
    func follow() async throws {
        let a = try await library()
        let b = try await library()
        let following = Task { await b.follow(every: .milliseconds(5)) }
        defer { following.cancel() }
        let alice = try await a.perform(actor: "a") { try $0.createPreset(named: "Alice", $1) }
        var seen = false
        for _ in 0..<400 where !seen {
            seen = b.snapshot.presets[alice.id] != nil
            if !seen { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(seen)
    }

    @Test("a follower too far behind the change log reloads everything")
    func reloadWhenBehind() async throws {
        let store = InMemoryStore(changeLogLimit: 2)
        let a = try await PresetLibrary(store: store, catalog: .autoRecap)
        let b = try await PresetLibrary(store: store, catalog: .autoRecap)
        for name in ["A", "B", "C", "D"] {
            _ = try await a.perform(actor: "a") { try $0.createPreset(named: name, $1) }
        }
        guard case .reloadRequired = try await store.changes(after: b.version) else {
            Issue.record("four commits should be past a log of two")
            return
        }
        try await b.catchUp()
        #expect(b.snapshot == a.snapshot)
        #expect(b.version == StoreVersion(4))
    }
}

/// Several editors on one (preset, operation) (§6.1).
@Suite("Edit sessions with owners and revisions")
struct SessionOwnershipTests {
    let environment = CommandEnvironment(actor: "test")

    func snapshotWithPreset() throws -> (Snapshot, PresetID) {
        let created = try Snapshot(catalog: .autoRecap).createPreset(named: "Alice", environment)
        return (created.snapshot, created.value.id)
    }

    @Test("a second editor is told who holds the session, and may take it over")
    func heldAndTakenOver() throws {
        let (snapshot, alice) = try snapshotWithPreset()
        let first = try snapshot.openSession("scene_recap", in: alice, owner: "web:1/tab-a", environment)
        #expect(throws: PresetError.self) {
            try first.snapshot.openSession("scene_recap", in: alice, owner: "web:1/tab-b", environment)
        }
        do {
            _ = try first.snapshot.openSession("scene_recap", in: alice, owner: "web:1/tab-b", environment)
        } catch {
            #expect(error.description.contains("web:1/tab-a"))
        }
        let again = try first.snapshot.openSession("scene_recap", in: alice, owner: "web:1/tab-a", environment)
        #expect(again.value.id == first.value.id && again.changes.isEmpty, "the owner reopening gets its session back")

        let taken = try first.snapshot.openSession("scene_recap", in: alice, owner: "web:1/tab-b", takeOver: true, environment)
        #expect(taken.value.id == first.value.id)
        #expect(taken.value.owner == "web:1/tab-b")
        #expect(taken.value.revision == first.value.revision + 1)
    }

    @Test("a change made on a stale session revision is refused; the newer change stays")
    func staleChange() throws {
        let (snapshot, alice) = try snapshotWithPreset()
        let opened = try snapshot.openSession("scene_recap", in: alice, owner: "a", environment)
        let seen = opened.value.revision
        let mine = try opened.snapshot.changeSession(
            opened.value.id, setting: "prefill", to: .string("Mine"), expectedRevision: seen, environment)
        #expect(throws: PresetError.staleRevision(kind: "edit session", name: "scene_recap", expected: seen, actual: seen + 1)) {
            try mine.snapshot.changeSession(opened.value.id, setting: "prefill", to: .string("Theirs"), expectedRevision: seen, environment)
        }
        let session = try #require(mine.snapshot.sessions[opened.value.id])
        #expect(mine.snapshot.sessionConfig(session)["prefill"] == .string("Mine"))
        #expect(throws: PresetError.self) {
            try mine.snapshot.finishSession(opened.value.id, expectedRevision: seen, environment)
        }
    }

    @Test("editing Default creates nothing until the first real change, then a bound copy")
    func defaultCopyOnFirstChange() throws {
        let snapshot = Snapshot(catalog: .autoRecap)
        let opened = try snapshot.openSession("scene_recap", in: .default, owner: "a", copyBinding: .chat("c1"), environment)
        #expect(opened.snapshot.presets.isEmpty)
        #expect(opened.snapshot.artifacts.isEmpty)
        let unchanged = try opened.snapshot.changeSession(opened.value.id, to: opened.value.startConfig, environment)
        #expect(unchanged.snapshot.presets.isEmpty, "a change back to the start is no real change")

        let changed = try unchanged.snapshot.changeSession(opened.value.id, setting: "prefill", to: .string("Hi"), environment)
        let copy = try #require(changed.snapshot.presets.values.first)
        #expect(copy.name == "Copy of Default")
        #expect(changed.value.session.preset == copy.id)
        #expect(changed.snapshot.bindings[.chat("c1")] == copy.id)
        #expect(try changed.snapshot.resolve("scene_recap", in: Context(chat: "c1")).config["prefill"] == .string("Hi"))

        let cancelled = try snapshot.openSession("scene_recap", in: .default, owner: "b", environment)
        let ended = try cancelled.then { try $0.cancelSession(cancelled.value.id, environment) }
        #expect(ended.snapshot.presets.isEmpty && ended.snapshot.sessions.isEmpty, "cancel without a change leaves nothing")
    }

    @Test("a counter at its maximum is an error, not a crash")
    func counterOverflow() throws {
        let (snapshot, _) = try snapshotWithPreset()
        let damaged = Snapshot(
            catalog: .autoRecap, presets: Array(snapshot.presets.values), counters: ["scene_recap": Int.max])
        #expect(throws: PresetError.counterExhausted(operation: "scene_recap")) {
            try damaged.duplicateVersion("Default", of: "scene_recap", environment)
        }
    }
}

@Suite("README")
struct ReadmeExampleTests {
    @Test("the library example of the README runs as written")
    func libraryExample() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("presets.sqlite").path)
        let library = try await PresetLibrary(store: store, catalog: .autoRecap)
        let following = Task { await library.follow() }

        let alice = try await library.perform(actor: "my-app") { snapshot, environment in
            try snapshot.createPreset(named: "Alice", environment)
        }
        try await library.perform(actor: "my-app") { try $0.bind(.chat("chat-42"), to: alice.id, $1) }

        let resolution = try library.snapshot.resolve("scene_recap", in: Context(chat: "chat-42", character: "alice"))
        let prompt = try Template.render(
            resolution.config["prompt"]!.stringValue!,
            with: ["scene_messages": "…", "lorebook_entry_types": "…", "active_setting_lore": ""])
        following.cancel()
        #expect(resolution.preset == "Alice")
        #expect(prompt.contains("…"))
    }
}
