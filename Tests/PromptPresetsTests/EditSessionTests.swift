import Foundation
import Testing
@testable import PromptPresets

@Suite("Edit sessions")
struct EditSessionTests {
    static let edited = Fixture.RecapPrompt.v1_2.replacingOccurrences(of: "Write in the past tense", with: "Write tersely")
    static let editedAgain = Fixture.RecapPrompt.v1_2.replacingOccurrences(of: "Write in the past tense", with: "Write briefly")

    @Test("The first real change forks the next version and points the preset at it immediately")
    func firstChangeForks() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        #expect(session.previousArtifact == nil)
        #expect(session.startConfig == Fixture.currentDefault("recap"))
        #expect(harness.snapshot.artifacts.isEmpty)

        let change = try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1) }

        #expect(change.createdVersion)
        let version = try #require(change.artifact)
        #expect(version.name == "v1")
        #expect(version.number == 1)
        #expect(version.origin == .edit)
        #expect(version.basedOn == Fixture.v1_2_0)
        #expect(version.parent == .default(Fixture.v1_2_0))
        #expect(version.config.promptText == Self.edited)
        // Auto-save: the preset uses it before the session is finished.
        #expect(try harness.preset("Mine").operations["recap"] == version.id)
        let resolution = try harness.resolve(presetNamed: "Mine")
        #expect(resolution.artifact == ArtifactReference(name: "v1", number: 1))
        #expect(resolution.config.promptText == Self.edited)
        try harness.expectStoreMatches()
    }

    @Test("Opening a second session on the same preset and operation returns the open one")
    func reopenReturnsOpenSession() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let first = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        _ = try harness.run { try $0.changeSession(first.id, setting: "prompt", to: .string(Self.edited), $1) }

        let second = try harness.run { try $0.openSession("recap", in: preset.id, $1) }

        #expect(second.id == first.id)
        #expect(harness.snapshot.sessions.count == 1)
        let other = try harness.run { try $0.openSession("breaks", in: preset.id, $1) }
        #expect(other.id != first.id)
        try harness.expectStoreMatches()
    }

    @Test("A second change updates the same version in place")
    func secondChangeInPlace() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        let first = try #require(try harness.run {
            try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1)
        }.artifact)

        harness.now = Fixture.start.addingTimeInterval(60)
        let second = try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.editedAgain), $1) }

        #expect(!second.createdVersion)
        let version = try #require(second.artifact)
        #expect(version.id == first.id)
        #expect(version.number == first.number)
        #expect(version.name == first.name)
        #expect(version.revision == first.revision + 1)
        #expect(version.modifiedAt == Fixture.start.addingTimeInterval(60))
        #expect(version.config.promptText == Self.editedAgain)
        #expect(harness.snapshot.artifacts.count == 1)
        #expect(harness.snapshot.counters["recap"] == 1)
        #expect(try harness.resolve(presetNamed: "Mine").config.promptText == Self.editedAgain)
        try harness.expectStoreMatches()
    }

    @Test("Finish seals: the session is gone, the version stays and cannot be changed through it")
    func finishSeals() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1) }

        let end = try harness.run { try $0.finishSession(session.id, $1) }

        let version = try #require(end.artifact)
        #expect(end.presetReference == version.id)
        #expect(harness.snapshot.sessions.isEmpty)
        #expect(harness.snapshot.artifacts[version.id]?.config.promptText == Self.edited)
        #expect(throws: PresetError.sessionNotFound(session.id.rawValue)) {
            try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string("late"), $1) }
        }
        try harness.expectStoreMatches()
    }

    @Test("Cancel when the preset used the default: the version is deleted and the default restored")
    func cancelFromDefault() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1) }
        try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.editedAgain), $1) }

        let end = try harness.run { try $0.cancelSession(session.id, $1) }

        #expect(end.artifact == nil)
        #expect(end.presetReference == nil)
        #expect(harness.snapshot.artifacts.isEmpty)
        #expect(harness.snapshot.sessions.isEmpty)
        #expect(try harness.preset("Mine").operations["recap"] == nil)
        let resolution = try harness.resolve(presetNamed: "Mine")
        #expect(resolution.isDefault)
        #expect(resolution.config == Fixture.currentDefault("recap"))
        try harness.expectStoreMatches()
    }

    @Test("Cancel when the preset used a version: the new version is deleted and the old one restored")
    func cancelFromArtifact() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let v1 = try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        #expect(session.previousArtifact == v1.id)
        #expect(session.startConfig == v1.config)
        let change = try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string("Other {{messages}}"), $1) }
        let v2 = try #require(change.artifact)
        #expect(v2.name == "v2")
        #expect(v2.parent == .artifact(v1.id))

        let end = try harness.run { try $0.cancelSession(session.id, $1) }

        #expect(end.presetReference == v1.id)
        #expect(harness.snapshot.artifacts[v2.id] == nil)
        #expect(harness.snapshot.artifacts[v1.id] == v1)
        let resolution = try harness.resolve(presetNamed: "Mine")
        #expect(resolution.artifact?.name == "v1")
        #expect(resolution.config == v1.config)
        try harness.expectStoreMatches()
    }

    @Test("A session whose changes were undone leaves nothing behind after finish")
    func undoneSession() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let v1 = try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        try harness.run { try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(true), $1) }
        try harness.run { try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(false), $1) }

        let end = try harness.run { try $0.finishSession(session.id, $1) }

        #expect(end.artifact == nil)
        #expect(end.presetReference == v1.id)
        #expect(harness.snapshot.artifacts.values.map(\.name) == ["v1"])
        #expect(try harness.preset("Mine").operations["recap"] == v1.id)
        try harness.expectStoreMatches()
    }

    @Test("A session without real changes creates nothing")
    func noOpSession() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        let change = try harness.run { try $0.changeSession(session.id, to: Fixture.currentDefault("recap"), $1) }
        #expect(!change.createdVersion)
        #expect(change.artifact == nil)

        let end = try harness.run { try $0.finishSession(session.id, $1) }

        #expect(end.artifact == nil)
        #expect(harness.snapshot.artifacts.isEmpty)
        #expect(harness.snapshot.counters["recap"] == nil)
        #expect(try harness.preset("Mine").operations.isEmpty)
        #expect(try harness.preset("Mine").revision == 1)
    }

    @Test("Editing a shared version leaves the other presets using it exactly as they were")
    func sharedVersionUnaffected() throws {
        let harness = Harness()
        let mine = try harness.createPreset("Mine")
        let v1 = try harness.editPrompt(of: mine.id, replacing: "Write in the past tense", with: "Write tersely")
        let theirs = try harness.run { try $0.duplicatePreset(mine.id, as: "Theirs", $1) }
        let before = try harness.resolve(presetNamed: "Theirs")

        let v2 = try harness.editPrompt(of: mine.id, replacing: "Write tersely", with: "Write briefly")

        let after = try harness.resolve(presetNamed: "Theirs")
        #expect(after.artifact == before.artifact)
        #expect(after.config == before.config)
        #expect(harness.snapshot.artifacts[v1.id]?.config == v1.config)
        #expect(harness.snapshot.presets[theirs.id]?.operations["recap"] == v1.id)
        #expect(try harness.resolve(presetNamed: "Mine").artifact?.name == v2.name)
    }

    @Test("A version another preset starts using mid-session is not changed by the session's later edits")
    func versionSharedMidSession() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let session = try harness.run { try $0.openSession("recap", in: work.id, $1) }
        let v1 = try #require(try harness.run {
            try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1)
        }.artifact)
        // Auto-saved, so it can be picked elsewhere: a copy of the preset now uses it too.
        try harness.run { try $0.duplicatePreset(work.id, as: "Copy", $1) }
        let copyBefore = try harness.resolve(presetNamed: "Copy")
        #expect(copyBefore.config.promptText == Self.edited)

        try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.editedAgain), $1) }

        let copyAfter = try harness.resolve(presetNamed: "Copy")
        #expect(copyAfter.config == copyBefore.config, "editing Work changed what preset Copy uses")
        #expect(harness.snapshot.artifacts[v1.id]?.config == v1.config)
        #expect(try harness.resolve(presetNamed: "Work").config.promptText == Self.editedAgain)
    }

    @Test("Cancelling never deletes a version another preset started using mid-session")
    func cancelKeepsSharedVersion() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let session = try harness.run { try $0.openSession("recap", in: work.id, $1) }
        let v1 = try #require(try harness.run {
            try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1)
        }.artifact)
        try harness.run { try $0.duplicatePreset(work.id, as: "Copy", $1) }

        try harness.run { try $0.cancelSession(session.id, $1) }

        #expect(try harness.resolve(presetNamed: "Work").isDefault)
        let copy = try harness.resolve(presetNamed: "Copy")
        #expect(copy.warnings.isEmpty, "\(copy.warnings)")
        #expect(copy.artifact?.name == v1.name)
        #expect(copy.config.promptText == Self.edited)
    }

    @Test("Editing Default stores nothing but the session until the first real change, which goes into a copy")
    func defaultCopiedOnFirstChange() throws {
        let harness = Harness()
        let session = try harness.run { try $0.openSession("recap", in: .default, $1) }
        #expect(harness.snapshot.presets.isEmpty)
        try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1) }
        let copy = try #require(harness.snapshot.presets.values.first)
        #expect(copy.name == "Copy of Default")
        #expect(copy.operations["recap"] != nil)
        #expect(try harness.storedSnapshot() == harness.snapshot)
    }

    @Test("An invalid config is refused with its path and nothing is written")
    func invalidConfig() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        let before = harness.snapshot

        let error = #expect(throws: PresetError.self) {
            try harness.run { try $0.changeSession(session.id, setting: "include_preset_prompts", to: .string("yes"), $1) }
        }

        #expect(error == .invalidConfig([ValidationIssue(path: "recap.include_preset_prompts", problem: "expected a boolean, found a string")]))
        #expect(error?.description == "recap.include_preset_prompts: expected a boolean, found a string")
        #expect(harness.snapshot == before)
        try harness.expectStoreMatches()
        // The session still works and its first valid change is the one that forks.
        let change = try harness.run { try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(true), $1) }
        #expect(change.createdVersion)
        #expect(change.artifact?.number == 1)
    }

    @Test("Lint warnings come back with each change; they do not block it")
    func lintOnChange() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        let change = try harness.run {
            try $0.changeSession(session.id, setting: "prompt", to: .string("Recap for {{mood}}."), $1)
        }
        #expect(change.createdVersion)
        #expect(Set(change.lintWarnings) == [
            LintWarning(kind: .missingRequiredVariable, field: "prompt", variable: "messages"),
            LintWarning(kind: .unknownVariable, field: "prompt", variable: "mood"),
        ])
    }

    @Test("A data-only operation is edited through a session too")
    func dataOnlySession() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let version = try #require(try harness.edit("types", of: preset.id) { config in
            config["types"] = .array([Fixture.entityType("faction")])
        })
        #expect(version.name == "v1")
        let resolution = try harness.resolve("types", presetNamed: "Mine")
        #expect(resolution.config["types"] == .array([Fixture.entityType("faction")]))
    }

    @Test("Idle sessions expire and are sealed; active ones stay open")
    func expiry() throws {
        let harness = Harness()
        let idle = try harness.createPreset("Idle")
        let busy = try harness.createPreset("Busy")
        let idleSession = try harness.run { try $0.openSession("recap", in: idle.id, $1) }
        let version = try #require(try harness.run {
            try $0.changeSession(idleSession.id, setting: "prompt", to: .string(Self.edited), $1)
        }.artifact)
        let untouched = try harness.run { try $0.openSession("breaks", in: idle.id, $1) }
        // Opened just as long ago, but still in use.
        let busySession = try harness.run { try $0.openSession("recap", in: busy.id, $1) }

        harness.now = Fixture.start.addingTimeInterval(50 * 60)
        try harness.run { try $0.changeSession(busySession.id, setting: "include_preset_prompts", to: .bool(true), $1) }

        harness.now = Fixture.start.addingTimeInterval(60 * 60)
        let expired = try harness.run { try $0.expireSessions(idleFor: 30 * 60, $1) }

        #expect(Set(expired) == [idleSession.id, untouched.id])
        #expect(Array(harness.snapshot.sessions.keys) == [busySession.id])
        #expect(harness.snapshot.artifacts[version.id]?.config.promptText == Self.edited)
        #expect(try harness.preset("Idle").operations["recap"] == version.id)
        #expect(try harness.preset("Idle").operations["breaks"] == nil)
        try harness.expectStoreMatches()
    }

    @Test("Unknown sessions are reported")
    func unknownSession() throws {
        let harness = Harness()
        let attempts: [() throws -> Void] = [
            { try harness.run { try $0.finishSession(SessionID("nope"), $1) } },
            { try harness.run { try $0.cancelSession(SessionID("nope"), $1) } },
            { try harness.run { try $0.changeSession(SessionID("nope"), to: Config(), $1) } },
        ]
        for attempt in attempts {
            #expect(throws: PresetError.sessionNotFound("nope")) { try attempt() }
        }
    }

    @Test("Reopening after another version was picked starts from that version, not the session's old text")
    func reopenAfterPickingAnotherVersion() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let v1 = try harness.editPrompt(of: preset.id, replacing: "Write in the past tense", with: "Write tersely")
        let left = try harness.run { try $0.openSession("recap", in: preset.id, owner: "tab-1", $1) }
        #expect(left.startConfig.promptText == Self.edited)
        // The tab's editor is left open; the user picks the default in the version list.
        try harness.point(preset.id, at: nil)

        let reopened = try harness.run { try $0.openSession("recap", in: preset.id, owner: "tab-1", $1) }

        #expect(reopened.id != left.id, "the stale session is not resumed")
        #expect(reopened.previousArtifact == nil)
        #expect(harness.snapshot.sessionConfig(reopened) == Fixture.currentDefault("recap"))
        #expect(harness.snapshot.sessions[left.id] == nil && harness.snapshot.sessions.count == 1)
        let change = try harness.run {
            try $0.changeSession(reopened.id, setting: "prompt", to: .string(Self.editedAgain), $1)
        }
        let v2 = try #require(change.artifact)
        #expect(v2.parent == .default(Fixture.v1_2_0), "the new version descends from what the preset used")
        #expect(try harness.preset("Mine").operations["recap"] == v2.id)
        #expect(harness.snapshot.artifacts[v1.id]?.config.promptText == Self.edited, "v1 is untouched")
        try harness.expectStoreMatches()
    }

    @Test("A change to a session whose preset moved to another version is refused, not applied over the pick")
    func changeAfterPickingAnotherVersionIsRefused() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        let v1 = try #require(try harness.run {
            try $0.changeSession(session.id, setting: "prompt", to: .string(Self.edited), $1)
        }.artifact)
        try harness.point(preset.id, at: nil)

        #expect(throws: PresetError.conflict("the version preset 'Mine' uses for 'recap'")) {
            try harness.run { try $0.changeSession(session.id, setting: "prompt", to: .string(Self.editedAgain), $1) }
        }
        #expect(try harness.preset("Mine").operations["recap"] == nil, "the pick stands")
        #expect(harness.snapshot.artifacts[v1.id]?.config.promptText == Self.edited)
        try harness.expectStoreMatches()
    }
}
