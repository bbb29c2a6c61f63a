import Foundation
import Testing
@testable import PromptPresets

@Suite("In-memory store")
struct InMemoryStoreTests {
    @Test("A full working session reads back from the store exactly as the commands left it")
    func roundTrip() throws {
        let harness = Harness(pruneKeep: 2)
        let work = try harness.createPreset("Work")
        let home = try harness.createPreset("Home")
        try harness.editPrompt(of: work.id, replacing: "Write in the past tense", with: "Write tersely")
        let v2 = try harness.editPrompt(of: work.id, replacing: "Write tersely", with: "Write briefly")
        try harness.run { try $0.renameArtifact(v2.id, to: "Terse", $1) }
        try harness.duplicate("Terse")
        let old = try harness.duplicate("Default@1.0.0")
        try harness.duplicate("Default", of: "breaks")
        try harness.point(home.id, at: old.id)
        try harness.run { try $0.dismissUpdate("recap", in: home.id, $1) }
        try harness.run { try $0.bind(.chat("c"), to: work.id, $1) }
        try harness.run { try $0.bind(.profile("Default"), to: home.id, $1) }
        try harness.run { try $0.addConnectionProfile(named: "Claude", api: "anthropic", $1) }
        let open = try harness.run { try $0.openSession("breaks", in: home.id, $1) }
        try harness.run { try $0.changeSession(open.id, setting: "prefill", to: .string("Yes or no:"), $1) }
        try harness.run { try $0.describePreset(work.id, as: "Office", $1) }

        let stored = try harness.storedSnapshot()
        #expect(stored == harness.snapshot)
        #expect(stored.counters == ["recap": 4, "breaks": 2])
        #expect(try stored.resolve("recap", in: Context(chat: "c")) == harness.resolve(in: Context(chat: "c")))
        #expect(try stored.resolve("breaks", in: Context()) == harness.resolve("breaks", in: Context()))
        #expect(try harness.store.readAuditLog(limit: 1).first?.action == "preset.describe")
        #expect(try harness.store.readAuditLog(limit: 1).first?.actor == "test")
    }

    @Test("Two writers renaming the same preset: the second is refused as a conflict and the store keeps the first")
    func staleRename() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let read = harness.snapshot
        let first = try read.renamePreset(preset.id, to: "Office", Fixture.environment())
        let second = try read.renamePreset(preset.id, to: "Studio", Fixture.environment())

        try harness.store.apply(first.changes, basedOn: .empty)
        let error = #expect(throws: PresetError.self) { try harness.store.apply(second.changes, basedOn: .empty) }

        guard case .conflict(let detail)? = error else { Issue.record("expected conflict, got \(String(describing: error))"); return }
        #expect(detail.contains("Studio") || detail.contains("Work"))
        let stored = try harness.storedSnapshot()
        #expect(try stored.preset(named: "Office").id == preset.id)
        #expect(stored.presets.count == 1)
    }

    @Test("Two writers forking the same number: the second is refused, so a number is never given twice")
    func concurrentForks() throws {
        let harness = Harness()
        let read = harness.snapshot
        let first = try read.duplicateVersion("Default", of: "recap", CommandEnvironment(ids: .sequential(prefix: "a"), actor: "one"))
        let second = try read.duplicateVersion("Default@1.0.0", of: "recap", CommandEnvironment(ids: .sequential(prefix: "b"), actor: "two"))
        #expect(first.value.number == 1)
        #expect(second.value.number == 1)

        try harness.store.apply(first.changes, basedOn: .empty)
        #expect(throws: PresetError.self) { try harness.store.apply(second.changes, basedOn: .empty) }
        #expect(try harness.storedSnapshot().artifacts(of: "recap").map(\.id) == [first.value.id])
    }

    @Test("A change list that fails part-way leaves the store unchanged")
    func atomicApply() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        try harness.run { try $0.renamePreset(preset.id, to: "Office", $1) }  // stored revision 2
        let before = try harness.storedSnapshot()
        let auditBefore = try harness.store.readAuditLog(limit: 100)

        var stale = preset
        stale.name = "Studio"
        stale.revision = 2  // claims to follow revision 1
        let newcomer = Fixture.preset("p-new", "Newcomer")
        let changes: [Change] = [
            .insertPreset(newcomer),
            .setBinding(Binding(.chat("c"), to: newcomer.id)),
            .setCounter(operation: "recap", value: 5),
            .appendAudit(AuditEntry(at: Fixture.start, actor: "test", action: "x", subject: "y")),
            .updatePreset(stale),
        ]
        #expect(throws: PresetError.conflict("preset 'Studio'")) { try harness.store.apply(changes, basedOn: .empty) }

        #expect(try harness.storedSnapshot() == before)
        #expect(try harness.store.readAuditLog(limit: 100) == auditBefore)
    }

    @Test("Inserting a version whose name or number is taken is a conflict")
    func uniqueVersions() throws {
        let harness = Harness()
        let v1 = try harness.duplicate("Default")
        var sameName = v1
        sameName.id = ArtifactID("other")
        sameName.number = 7
        #expect(throws: PresetError.self) { try harness.store.apply([.insertArtifact(sameName)], basedOn: .empty) }
        var sameNumber = v1
        sameNumber.id = ArtifactID("other")
        sameNumber.name = "other"
        #expect(throws: PresetError.self) { try harness.store.apply([.insertArtifact(sameNumber)], basedOn: .empty) }
        var otherOperation = sameNumber
        otherOperation.operation = "breaks"
        try harness.store.apply([.insertArtifact(otherOperation)], basedOn: .empty)
    }

    @Test("Loading for a context reads only that context's bindings and resolves the same")
    func partialLoad() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let home = try harness.createPreset("Home")
        for index in 0..<50 { try harness.run { try $0.bind(.chat("chat-\(index)"), to: home.id, $1) } }
        try harness.run { try $0.bind(.chat("chat-7"), to: work.id, $1) }
        try harness.run { try $0.bind(.character("alice"), to: home.id, $1) }
        try harness.run { try $0.bind(.profile("Writing"), to: work.id, $1) }

        let context = Context(chat: "chat-7", character: "alice", profile: "Writing")
        let partial = try harness.store.loadSnapshot(catalog: Fixture.catalog(), bindingsFor: context)

        #expect(partial.bindings == Bindings(chats: ["chat-7": work.id], characters: ["alice": home.id], profiles: ["Writing": work.id]))
        #expect(try partial.resolve("recap", in: context) == harness.resolve(in: context))
        let unboundChat = Context(chat: "nobody", character: "alice")
        let partialUnbound = try harness.store.loadSnapshot(catalog: Fixture.catalog(), bindingsFor: unboundChat)
        #expect(try partialUnbound.resolve("recap", in: unboundChat) == harness.resolve(in: unboundChat))
    }

    @Test("Deleting a preset removes its bindings from the store, even ones the snapshot did not load")
    func deleteRemovesUnloadedBindings() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        try harness.run { try $0.bind(.chat("c1"), to: work.id, $1) }
        try harness.run { try $0.bind(.chat("c2"), to: work.id, $1) }
        let partial = try harness.store.loadSnapshot(catalog: Fixture.catalog(), bindingsFor: Context(chat: "c1"))

        let outcome = try partial.deletePreset(work.id, Fixture.environment())
        try harness.store.apply(outcome.changes, basedOn: .empty)

        #expect(try harness.storedSnapshot().bindings.count == 0)
    }

    @Test("The audit log is newest first and limited")
    func auditLog() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        try harness.run { try $0.renamePreset(preset.id, to: "Office", $1) }
        let log = try harness.store.readAuditLog(limit: 5)
        #expect(log.map(\.action) == ["preset.rename", "preset.create"])
        #expect(log[0].before == "Work")
        #expect(log[0].after == "Office")
        #expect(try harness.store.readAuditLog(limit: 1).count == 1)
    }
}
