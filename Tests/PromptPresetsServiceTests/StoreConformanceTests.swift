import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsService
import Testing

private let environment = CommandEnvironment(actor: "test")

/// Commits an outcome on top of the snapshot it came from; returns the snapshot after it.
@discardableResult
private func commit<Value>(_ outcome: Outcome<Value>, to store: any PresetStore) async throws -> Snapshot {
    let version = try await store.commit(outcome.changes, basedOn: outcome.basedOn)
    return outcome.snapshot.committed(as: version)
}

/// The store protocol's promises (§8.2–8.3), checked against every engine: in memory, SQLite
/// (in memory and on disk) and PostgreSQL (when `PROMPT_PRESETS_TEST_POSTGRES` names a server).
@Suite("Store conformance")
struct StoreConformanceTests {
    @Test("every commit gets the next version; an empty commit writes nothing", arguments: StoreKind.available)
    func versions(kind: StoreKind) async throws {
        try await kind.withStore { store in
            var snapshot = try await store.load(catalog: .autoRecap)
            #expect(snapshot.version == .empty)
            let created = try snapshot.createPreset(named: "Alice", environment)
            let first = try await store.commit(created.changes, basedOn: snapshot.version)
            #expect(first == StoreVersion(1))
            snapshot = created.snapshot.committed(as: first)
            let bound = try snapshot.bind(.chat("c1"), to: created.value.id, environment)
            #expect(try await store.commit(bound.changes, basedOn: snapshot.version) == StoreVersion(2))
            #expect(try await store.commit([], basedOn: StoreVersion(2)) == StoreVersion(2))
            #expect(try await store.currentVersion() == StoreVersion(2))
            #expect(try await store.load(catalog: .autoRecap).version == StoreVersion(2))
        }
    }

    @Test("a follower applying changes(after:) ends where a fresh load is", arguments: StoreKind.available)
    func changeFeed(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let follower = try await store.load(catalog: .autoRecap)
            var writer = follower
            func run<Value>(_ command: (Snapshot) throws -> Outcome<Value>) async throws -> Value {
                let outcome = try command(writer)
                writer = try await commit(outcome, to: store)
                return outcome.value
            }
            let alice = try await run { try $0.createPreset(named: "Alice", environment) }
            let bob = try await run { try $0.createPreset(named: "Bob", environment) }
            try await run { try $0.bind(.chat("c1"), to: alice.id, environment) }
            try await run { try $0.bind(.chat("c2"), to: alice.id, environment) }
            try await run { try $0.bind(.character("Seraphina"), to: bob.id, environment) }
            let session = try await run { try $0.openSession("scene_recap", in: bob.id, owner: "t", environment) }
            try await run { try $0.changeSession(session.id, setting: "prompt", to: .string("Bob's prompt {{scene_messages}}"), environment) }
            try await run { try $0.finishSession(session.id, environment) }
            try await run { try $0.renamePreset(bob.id, to: "Robert", environment) }
            try await run { try $0.deletePreset(alice.id, environment) }

            guard case .changes(let changes, let through) = try await store.changes(after: follower.version) else {
                Issue.record("the change log should reach back to the start")
                return
            }
            #expect(through == writer.version)
            let followed = follower.applying(changes, through: through)
            let fresh = try await store.load(catalog: .autoRecap)
            #expect(followed == fresh)
            #expect(followed.bindings.chats.isEmpty, "the deleted preset's chat bindings are gone for the follower too")
            #expect(try followed.resolve("scene_recap", in: Context(character: "Seraphina")).preset == "Robert")
            #expect(try followed.resolve("scene_recap", in: Context(character: "Seraphina")).config["prompt"]
                    == .string("Bob's prompt {{scene_messages}}"))

            // Nothing new: an empty feed at the same version.
            #expect(try await store.changes(after: through) == .changes([], through: through))
        }
    }

    @Test("a follower further behind than the change log reaches is told to reload", arguments: StoreKind.available)
    func changeLogRetention(kind: StoreKind) async throws {
        try await kind.withStore(changeLogRetention: 2) { store in
            var snapshot = try await store.load(catalog: .autoRecap)
            for index in 0..<150 {
                snapshot = try await commit(try snapshot.createPreset(named: "P\(index)", environment), to: store)
            }
            #expect(try await store.changes(after: .empty) == .reloadRequired(current: snapshot.version))
            guard case .changes(let recent, let through) = try await store.changes(after: StoreVersion(snapshot.version.rawValue - 1)) else {
                Issue.record("the newest version must still be in the log")
                return
            }
            #expect(through == snapshot.version)
            #expect(recent.count == 1)
        }
    }

    @Test("the commit log names each commit's objects, one entry per version, in pages", arguments: StoreKind.available)
    func commitLog(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let empty = try await store.load(catalog: .autoRecap)
            let created = try empty.createPreset(named: "Alice", environment)
            var snapshot = try await commit(created, to: store)
            let alice = created.value.id
            snapshot = try await commit(try snapshot.bind(.chat("c1"), to: alice, environment), to: store)
            snapshot = try await commit(try snapshot.renamePreset(alice, to: "Alicia", environment), to: store)

            guard case .commits(let all, let current) = try await store.commits(after: .empty, limit: 10) else {
                Issue.record("the log should reach back to the start")
                return
            }
            #expect(current == StoreVersion(3))
            #expect(all.map(\.version) == [StoreVersion(1), StoreVersion(2), StoreVersion(3)])
            #expect(all[0].objects == [.preset(alice)])
            #expect(all[1].objects == [.binding(.chat("c1"))])
            #expect(all[2].objects == [.preset(alice)])

            // A page of one, then the rest; nothing after the newest.
            #expect(try await store.commits(after: .empty, limit: 1) == .commits([all[0]], current: current))
            #expect(try await store.commits(after: StoreVersion(1), limit: 10) == .commits(Array(all[1...]), current: current))
            #expect(try await store.commits(after: current, limit: 10) == .commits([], current: current))
        }
    }

    @Test("a commit log read from before the log's floor says it is truncated", arguments: StoreKind.available)
    func commitLogTruncated(kind: StoreKind) async throws {
        try await kind.withStore(changeLogRetention: 2) { store in
            var snapshot = try await store.load(catalog: .autoRecap)
            for index in 0..<150 {
                snapshot = try await commit(try snapshot.createPreset(named: "P\(index)", environment), to: store)
            }
            #expect(try await store.commits(after: .empty, limit: 10) == .truncated(current: snapshot.version))
            let previous = StoreVersion(snapshot.version.rawValue - 1)
            guard case .commits(let newest, _) = try await store.commits(after: previous, limit: 10) else {
                Issue.record("the newest commit must still be in the log")
                return
            }
            #expect(newest.map(\.version) == [snapshot.version])
        }
    }

    @Test("a stale update or delete is refused and changes nothing", arguments: StoreKind.available)
    func staleWrites(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let empty = try await store.load(catalog: .autoRecap)
            let created = try empty.createPreset(named: "Alice", environment)
            let stale = try await commit(created, to: store)

            // Another writer renames it (revision 2).
            let renamed = try stale.renamePreset(created.value.id, to: "Alicia", environment)
            let v2 = try await store.commit(renamed.changes, basedOn: stale.version)

            // The stale reader's delete and rename name revision 1: both refused.
            let delete = try stale.deletePreset(created.value.id, environment)
            await #expect(throws: PresetError.self) { try await store.commit(delete.changes, basedOn: stale.version) }
            let rename = try stale.renamePreset(created.value.id, to: "Al", environment)
            await #expect(throws: PresetError.self) { try await store.commit(rename.changes, basedOn: stale.version) }

            let now = try await store.load(catalog: .autoRecap)
            #expect(now.version == v2)
            #expect(try now.preset(named: "Alicia").revision == 2)
        }
    }

    @Test("two writers numbering versions of one operation: the second is refused, not merged", arguments: StoreKind.available)
    func counterRace(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let start = try await store.load(catalog: .autoRecap)
            let a = try start.createPreset(named: "A", environment)
            let b = try a.snapshot.createPreset(named: "B", environment)
            let version = try await store.commit(a.changes + b.changes, basedOn: start.version)
            let shared = b.snapshot.committed(as: version)
            let first = try shared.duplicateVersion("Default", of: "scene_recap", environment)
            let second = try shared.duplicateVersion("Default", of: "scene_recap", environment)
            _ = try await store.commit(first.changes, basedOn: version)
            await #expect(throws: PresetError.self) { try await store.commit(second.changes, basedOn: version) }
            #expect(try await store.load(catalog: .autoRecap).artifacts(of: "scene_recap").count == 1)
        }
    }

    @Test("edit sessions are revision-checked in the store", arguments: StoreKind.available)
    func sessionRevisions(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let start = try await store.load(catalog: .autoRecap)
            let preset = try start.createPreset(named: "A", environment)
            let opened = try preset.then { try $0.openSession("scene_recap", in: preset.value.id, owner: "tab-1", environment) }
            let shared = try await commit(opened, to: store)
            let mine = try shared.changeSession(opened.value.id, setting: "prefill", to: .string("Mine"), environment)
            let theirs = try shared.changeSession(opened.value.id, setting: "prefill", to: .string("Theirs"), environment)
            try await commit(mine, to: store)
            await #expect(throws: PresetError.self) { try await store.commit(theirs.changes, basedOn: shared.version) }
            let now = try await store.load(catalog: .autoRecap)
            let session = try #require(now.sessions[opened.value.id])
            #expect(now.sessionConfig(session)["prefill"] == .string("Mine"))
            #expect(session.revision == 2)
            #expect(session.owner == "tab-1")

            // A second open of the same session id (another editor's insert) is refused too.
            var reopened = session
            reopened.revision = 1
            await #expect(throws: PresetError.self) { try await store.commit([.putSession(reopened)], basedOn: now.version) }
        }
    }

    @Test("what the database refuses is a conflict, and nothing of the commit is written", arguments: StoreKind.available)
    func refusedCommitsAreAtomic(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let start = try await store.load(catalog: .autoRecap)
            let alice = try start.createPreset(named: "Alice", environment)
            let copy = try alice.then { try $0.duplicateVersion("Default", of: "scene_recap", environment) }
            let using = try copy.then { try $0.setOperation("scene_recap", of: alice.value.id, to: copy.value.id, environment) }
            let base = try await commit(using, to: store)

            // A new preset and a binding to a preset that does not exist: neither is written.
            let bob = try base.createPreset(named: "Bob", environment)
            let dangling = Change.setBinding(Binding(.chat("c9"), to: PresetID("no-such-preset")))
            await #expect(throws: PresetError.self) { try await store.commit(bob.changes + [dangling], basedOn: base.version) }

            // Deleting a version a preset uses.
            let stored = try #require(base.artifacts[copy.value.id])
            await #expect {
                try await store.commit([.deleteArtifact(stored.id, revision: stored.revision)], basedOn: base.version)
            } throws: { error in
                guard case PresetError.conflict(let subject) = error else { return false }
                return subject.contains("a preset references it")
            }

            // A second connection profile with a taken name.
            let profile = try base.addConnectionProfile(named: "Claude", api: "anthropic", environment)
            let afterProfile = try await commit(profile, to: store)
            let clash = Change.putConnectionProfile(ConnectionProfile(id: "other-id", name: "Claude", api: ""))
            await #expect(throws: PresetError.self) { try await store.commit([clash], basedOn: afterProfile.version) }

            let now = try await store.load(catalog: .autoRecap)
            #expect(now.version == afterProfile.version)
            #expect(now.allPresets.map(\.name) == ["Default", "Alice"])
            #expect(now.bindings.count == 0)
            #expect(now.artifacts[copy.value.id] != nil)
            #expect(now.connectionProfiles.count == 1)
        }
    }

    @Test("a partial load reads only the context's bindings; many bindings in one commit arrive whole", arguments: StoreKind.available)
    func bindingsInBulk(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let start = try await store.load(catalog: .autoRecap)
            let alice = try start.createPreset(named: "Alice", environment)
            let follower = try await commit(alice, to: store)
            // One commit of many bindings, as an import or a bulk bind makes.
            let bulk = (0..<2_500).map { Change.setBinding(Binding(.chat("chat-\($0)"), to: alice.value.id)) }
            let version = try await store.commit(bulk, basedOn: follower.version)

            let partial = try await store.load(catalog: .autoRecap, bindingsFor: Context(chat: "chat-7", character: "nobody"))
            #expect(partial.bindings.count == 1)
            #expect(try partial.resolve("scene_recap", in: Context(chat: "chat-7")).preset == "Alice")

            guard case .changes(let changes, _) = try await store.changes(after: follower.version) else {
                Issue.record("the feed should reach back")
                return
            }
            let followed = follower.applying(changes, through: version)
            #expect(followed.bindings.chats.count == 2_500)
            #expect(try await store.load(catalog: .autoRecap).bindings.chats.count == 2_500)
            #expect(try await store.bindings(to: alice.value.id).count == 2_500)
            #expect(try await store.status().chatBindings == 2_500)
        }
    }

    @Test("settings, web sign-ins and the audit log are kept", arguments: StoreKind.available)
    func managedExtras(kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.setting("admin_token_hash") == nil)
            try await store.setSetting("admin_token_hash", to: "abc")
            try await store.setSetting("admin_token_hash", to: "def")
            #expect(try await store.setting("admin_token_hash") == "def")
            #expect(try await store.settings() == ["admin_token_hash": "def"])

            let old = WebSignIn(idHash: "old", csrfToken: "csrf-old", createdAt: Date(timeIntervalSinceReferenceDate: 100))
            let new = WebSignIn(idHash: "new", csrfToken: "csrf-new", createdAt: Date(timeIntervalSinceReferenceDate: 900.25))
            try await store.saveSignIn(old)
            try await store.saveSignIn(new)
            #expect(try await store.signIn(idHash: "new") == new)
            try await store.deleteSignIns(createdBefore: Date(timeIntervalSinceReferenceDate: 500))
            #expect(try await store.signIn(idHash: "old") == nil)
            try await store.deleteSignIn(idHash: "new")
            #expect(try await store.signIn(idHash: "new") == nil)

            var snapshot = try await store.load(catalog: .autoRecap)
            for name in ["One", "Two", "Three"] {
                snapshot = try await commit(try snapshot.createPreset(named: name, environment), to: store)
            }
            let newest = try await store.auditLog(limit: 2)
            #expect(newest.count == 2)
            let all = try await store.fullAuditLog()
            #expect(all.count == 3)
            #expect(all.first?.at ?? .distantFuture <= all.last?.at ?? .distantPast)
            #expect(Array(all.reversed().prefix(2)) == newest)
        }
    }

    @Test("a store copied into another engine holds the same", arguments: StoreKind.available)
    func copyBetweenEngines(kind: StoreKind) async throws {
        try await StoreKind.sqliteInMemory.withStore { source in
            var snapshot = try await source.load(catalog: .autoRecap)
            let alice = try snapshot.createPreset(named: "Alice", environment)
            let copy = try alice.then { try $0.duplicateVersion("Default", of: "scene_recap", environment) }
            let edited = try copy.then {
                try $0.setOperation("scene_recap", of: alice.value.id, to: copy.value.id, environment)
            }
            snapshot = try await commit(edited, to: source)
            snapshot = try await commit(try snapshot.bind(.chat("c1"), to: alice.value.id, environment), to: source)
            snapshot = try await commit(try snapshot.addConnectionProfile(named: "Claude", api: "anthropic", environment), to: source)
            let session = try snapshot.openSession("auto_scene_break", in: alice.value.id, owner: "tab", environment)
            snapshot = try await commit(session, to: source)
            try await source.setSetting("admin_token_hash", to: "hash")

            try await kind.withStore { target in
                let summary = try await StoreCopy.copy(from: source, to: target, catalog: .autoRecap)
                #expect(summary.presets == 1)
                let copied = try await target.load(catalog: .autoRecap)
                #expect(copied.artifacts == snapshot.artifacts)
                #expect(copied.presets == snapshot.presets)
                #expect(copied.bindings == snapshot.bindings)
                #expect(copied.connectionProfiles == snapshot.connectionProfiles)
                #expect(copied.counters == snapshot.counters)
                #expect(copied.sessions.keys == snapshot.sessions.keys)
                #expect(try await target.fullAuditLog() == (try await source.fullAuditLog()))
                #expect(try await target.setting("admin_token_hash") == "hash")

                // A second copy into the same store is refused and writes nothing.
                await #expect(throws: StoreCopy.TargetNotEmpty.self) {
                    try await StoreCopy.copy(from: source, to: target, catalog: .autoRecap)
                }
                #expect(try await target.currentVersion() == copied.version)
            }
        }
    }
}
