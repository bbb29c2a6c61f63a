import Foundation
import Testing
@testable import PromptPresets

@Suite("Pruning")
struct PruningTests {
    @Test("After each commit at most pruneKeep unreferenced versions survive, plus every referenced or held one")
    func pruneAfterCommit() throws {
        let harness = Harness(pruneKeep: 2)
        let p = try harness.createPreset("P")
        let q = try harness.createPreset("Q")
        let v1 = try harness.duplicate("Default")
        let v2 = try harness.duplicate("Default")
        try harness.point(p.id, at: v1.id)
        try harness.point(q.id, at: v2.id)
        // An open session on Q: its new version v3 and its previous version v2 are held.
        let session = try harness.run { try $0.openSession("recap", in: q.id, $1) }
        let v3 = try #require(try harness.run {
            try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(true), $1)
        }.artifact)
        #expect(v3.number == 3)

        for _ in 4...8 { try harness.duplicate("Default") }

        let numbers = harness.snapshot.artifacts(of: "recap").map(\.number)
        #expect(numbers == [8, 7, 3, 2, 1])
        #expect(harness.snapshot.artifacts[v2.id] != nil)
        try harness.expectStoreMatches()

        // Cancel restores v2 for Q; v3 goes, nothing else moves.
        try harness.run { try $0.cancelSession(session.id, $1) }
        #expect(harness.snapshot.artifacts(of: "recap").map(\.number) == [8, 7, 2, 1])
    }

    @Test("A version that stops being referenced is pruned once it falls outside the newest unreferenced ones")
    func unreferencedAfterRepoint() throws {
        let harness = Harness(pruneKeep: 1)
        let p = try harness.createPreset("P")
        let v1 = try harness.editPrompt(of: p.id, replacing: "Write in the past tense", with: "Write tersely")
        let v2 = try harness.editPrompt(of: p.id, replacing: "Write tersely", with: "Write briefly")
        // v1 is the only unreferenced version: kept.
        #expect(harness.snapshot.artifacts[v1.id] != nil)
        try harness.editPrompt(of: p.id, replacing: "Write briefly", with: "Write calmly")
        // v1 and v2 unreferenced; only the newest (v2) survives.
        #expect(harness.snapshot.artifacts[v1.id] == nil)
        #expect(harness.snapshot.artifacts[v2.id] != nil)
        #expect(harness.snapshot.artifacts(of: "recap").map(\.name) == ["v3", "v2"])
        try harness.expectStoreMatches()
    }

    @Test("Pruning counts per operation and only touches the operations a commit changed")
    func perOperation() throws {
        let harness = Harness(pruneKeep: 10)
        for _ in 1...3 { try harness.duplicate("Default", of: "recap") }
        for _ in 1...3 { try harness.duplicate("Default", of: "breaks") }

        harness.pruneKeep = 1
        try harness.duplicate("Default", of: "breaks")
        #expect(harness.snapshot.artifacts(of: "recap").count == 3)
        #expect(harness.snapshot.artifacts(of: "breaks").map(\.number) == [4])

        let pruned = try harness.run { try $0.prune(keep: 2, $1) }
        #expect(pruned.map(\.number) == [1])
        #expect(pruned.allSatisfy { $0.operation == "recap" })
        #expect(harness.snapshot.artifacts(of: "recap").map(\.number) == [3, 2])
        try harness.expectStoreMatches()
    }

    @Test("prune(keep:) by hand removes the oldest unreferenced versions and reports them")
    func pruneByHand() throws {
        let harness = Harness()
        let p = try harness.createPreset("P")
        let kept = try harness.duplicate("Default")
        try harness.point(p.id, at: kept.id)
        for _ in 1...4 { try harness.duplicate("Default") }
        #expect(harness.snapshot.artifacts.count == 5)

        let pruned = try harness.run { try $0.prune(keep: 1, $1) }

        #expect(pruned.map(\.name) == ["v4", "v3", "v2"])
        #expect(harness.snapshot.artifacts(of: "recap").map(\.name) == ["v5", "v1"])
        let log = try harness.store.readAuditLog(limit: 3)
        #expect(log.map(\.action) == ["artifact.prune", "artifact.prune", "artifact.prune"])
        try harness.expectStoreMatches()
    }

    @Test("Defaults are never pruned: after pruning everything they still resolve and list")
    func defaultsSurvive() throws {
        let harness = Harness()
        let p = try harness.createPreset("P")
        try harness.duplicate("Default@1.0.0")
        try harness.duplicate("Default")
        try harness.run { try $0.prune(keep: 0, $1) }

        #expect(harness.snapshot.artifacts.isEmpty)
        #expect(try harness.snapshot.history(of: "recap").map(\.reference.defaultVersion)
            == [Fixture.v1_0_0, Fixture.v1_1_0, Fixture.v1_2_0])
        #expect(try harness.snapshot.version("Default@1.0.0", of: "recap").config.promptText == Fixture.RecapPrompt.v1_0)
        let resolution = try harness.resolve(presetNamed: p.name)
        #expect(resolution.isDefault)
        #expect(resolution.config == Fixture.currentDefault("recap"))
        // The counter survives pruning: numbers are not reused.
        #expect(try harness.duplicate("Default").number == 3)
    }
}

@Suite("Pruning's index of unreferenced versions")
struct UnreferencedIndexTests {
    @Test("the index matches a scan after edits, repoints, deletes and pruning, and a follower builds the same")
    func indexMatchesAScan() throws {
        let harness = Harness(pruneKeep: 3)
        let p = try harness.createPreset("P")
        let q = try harness.createPreset("Q")
        for round in 0..<6 {
            try harness.editPrompt(
                of: p.id, replacing: round == 0 ? "Write in the past tense" : "Style \(round - 1)", with: "Style \(round)")
            if round % 2 == 0 {
                let current = try #require(harness.snapshot.presets[p.id]?.operations["recap"])
                try harness.run { try $0.setOperation("recap", of: q.id, to: current, $1) }
            }
        }
        try harness.run { try $0.deletePreset(q.id, $1) }

        func scanned(_ snapshot: Snapshot) -> Set<ArtifactID> {
            Set(snapshot.artifacts(of: "recap").map(\.id).filter { !snapshot.isReferenced($0, in: "recap") })
        }
        let snapshot = harness.snapshot
        #expect(Set(snapshot.unreferencedArtifacts["recap"] ?? []) == scanned(snapshot))
        #expect(scanned(snapshot).count <= 3, "pruning kept at most three unreferenced versions")
        let reloaded = try harness.storedSnapshot()
        #expect(Set(reloaded.unreferencedArtifacts["recap"] ?? []) == scanned(reloaded))
    }
}
