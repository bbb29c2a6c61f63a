import Foundation
import Testing
@testable import PromptPresets

@Suite("Updates")
struct UpdateTests {
    typealias Prompt = Fixture.RecapPrompt

    /// A preset `Mine` whose recap was customised at 1.1.0 by editing one line, before 1.2.0 shipped.
    /// Built against a catalog that only knew 1.1.0, then reloaded with the current one.
    static func customisedBeforeUpdate(
        replacing old: String, with new: String, promptSuffix: String = ""
    ) throws -> (harness: Harness, preset: Preset, mine: Artifact) {
        let harness = Harness(catalog: Fixture.catalog(recapThrough: Fixture.v1_1_0, promptSuffix: promptSuffix))
        let preset = try harness.createPreset("Mine")
        let mine = try harness.editPrompt(of: preset.id, replacing: old, with: new)
        #expect(mine.basedOn == Fixture.v1_1_0)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        try harness.switchCatalog(to: Fixture.catalog(promptSuffix: promptSuffix))
        return (harness, preset, mine)
    }

    @Test("Pending updates list preset, operation, from → to and the changelog lines in between")
    func detection() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")
        let other = try harness.createPreset("Other")
        try harness.point(other.id, at: mine.id)
        try harness.createPreset("Untouched")

        let updates = harness.snapshot.pendingUpdates()

        #expect(updates.map(\.preset.name) == ["Mine", "Other"])
        #expect(updates.allSatisfy { $0.operation == "recap" && $0.artifact.id == mine.id })
        let info = updates[0].info
        #expect(info.from == Fixture.v1_1_0)
        #expect(info.to == Fixture.v1_2_0)
        #expect(info.changelog == ["1.2.0: Asks for the third person.", "1.2.0: Clarifies tense."])
        #expect(try harness.snapshot.pendingUpdate("recap", in: preset.id) == updates[0])
        #expect(throws: PresetError.noUpdatePending(preset: "Mine", operation: "breaks")) {
            try harness.snapshot.pendingUpdate("breaks", in: preset.id)
        }
    }

    @Test("An unknown base counts as an update, with the whole changelog")
    func unknownBase() throws {
        let imported = Fixture.artifact("a1", "Imported", number: 1, config: Fixture.promptConfig("Mine {{messages}}"),
                                        basedOn: nil, origin: .import)
        let snapshot = Snapshot(catalog: Fixture.catalog(), artifacts: [imported],
                                presets: [Fixture.preset("p", "Mine", operations: ["recap": imported.id])])

        let update = try snapshot.pendingUpdate("recap", in: PresetID("p"))

        #expect(update.info.from == nil)
        #expect(update.info.to == Fixture.v1_2_0)
        #expect(update.info.changelog == ["1.0.0: First version.", "1.1.0: Asks for a single paragraph.",
                                          "1.2.0: Asks for the third person.", "1.2.0: Clarifies tense."])
        let comparison = try snapshot.compareUpdate("recap", in: PresetID("p"))
        #expect(comparison.oldToNew.isEmpty)
        #expect(comparison.mineToNew.map(\.field) == ["prompt"])
    }

    @Test("Dismissal is per default version: silenced now, notified again when a newer default ships")
    func dismissal() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")

        let dismissed = try harness.run { try $0.dismissUpdate("recap", in: preset.id, $1) }

        #expect(dismissed.dismissedVersions == [Fixture.v1_2_0])
        #expect(dismissed.basedOn == Fixture.v1_1_0)
        #expect(dismissed.config == mine.config)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        try harness.expectStoreMatches()

        try harness.switchCatalog(to: Fixture.catalog(recapThrough: Fixture.v1_3_0))
        let update = try harness.snapshot.pendingUpdate("recap", in: preset.id)
        #expect(update.info.from == Fixture.v1_1_0)
        #expect(update.info.to == Fixture.v1_3_0)
        #expect(update.info.changelog == ["1.2.0: Asks for the third person.", "1.2.0: Clarifies tense.",
                                          "1.3.0: Keeps place names too."])
    }

    @Test("Keep mine: the version is marked as based on the current default and the update is gone")
    func keepMine() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")

        let kept = try harness.run { try $0.keepMine("recap", in: preset.id, $1) }

        #expect(kept.id == mine.id)
        #expect(kept.basedOn == Fixture.v1_2_0)
        #expect(kept.config == mine.config)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        #expect(try harness.resolve(presetNamed: "Mine").update == nil)
        #expect(throws: PresetError.noUpdatePending(preset: "Mine", operation: "recap")) {
            try harness.run { try $0.keepMine("recap", in: preset.id, $1) }
        }
        try harness.expectStoreMatches()
    }

    @Test("Revert points the preset back at the default")
    func revert() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")

        let reverted = try harness.run { try $0.revertToDefault("recap", in: preset.id, $1) }

        #expect(reverted.operations["recap"] == nil)
        let resolution = try harness.resolve(presetNamed: "Mine")
        #expect(resolution.isDefault)
        #expect(resolution.config.promptText == Prompt.v1_2)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        // The user's version is kept (unreferenced) and can be picked again.
        #expect(harness.snapshot.artifacts[mine.id]?.config == mine.config)
        try harness.expectStoreMatches()
    }

    @Test("Compare gives the user's version against the new default, and the old default against the new one")
    func compare() throws {
        let (harness, preset, _) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")

        let comparison = try harness.snapshot.compareUpdate("recap", in: preset.id)

        #expect(comparison.update.info.to == Fixture.v1_2_0)
        #expect(comparison.mineToNew == [FieldDiff(field: "prompt", lines: [
            .removed("You write careful recaps of role-play scenes."),
            .added("You write recaps of role-play scenes."),
            .same("Summarise the messages below in one paragraph."),
            .same("Keep every name exactly as written."),
            .removed("Write in the past tense."),
            .added("Write in the past tense, in the third person."),
            .same(""),
            .same("{{messages}}"),
        ])])
        #expect(comparison.oldToNew == [FieldDiff(field: "prompt", lines: [
            .same("You write recaps of role-play scenes."),
            .same("Summarise the messages below in one paragraph."),
            .same("Keep every name exactly as written."),
            .removed("Write in the past tense."),
            .added("Write in the past tense, in the third person."),
            .same(""),
            .same("{{messages}}"),
        ])])
    }

    @Test("A clean merge keeps the user's line and the default's new line, as a new version based on the new default")
    func cleanMerge() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")
        // A non-text field the user changed and the default did not: kept as well.
        let session = try harness.run { try $0.openSession("recap", in: preset.id, $1) }
        try harness.run { try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(true), $1) }
        let before = try #require(try harness.run { try $0.finishSession(session.id, $1) }.artifact)
        #expect(before.basedOn == Fixture.v1_1_0)
        #expect(try harness.snapshot.previewMerge("recap", in: preset.id).conflicts.isEmpty)

        let merged = try harness.run { try $0.mergeUpdate("recap", in: preset.id, $1) }

        #expect(merged.config.promptText == """
            You write careful recaps of role-play scenes.
            Summarise the messages below in one paragraph.
            Keep every name exactly as written.
            Write in the past tense, in the third person.

            {{messages}}
            """)
        #expect(merged.config["include_preset_prompts"] == .bool(true))
        #expect(merged.basedOn == Fixture.v1_2_0)
        #expect(merged.origin == .merge)
        #expect(merged.parent == .artifact(before.id))
        #expect(merged.number == before.number + 1)
        #expect(try harness.preset("Mine").operations["recap"] == merged.id)
        let resolution = try harness.resolve(presetNamed: "Mine")
        #expect(resolution.artifact?.name == merged.name)
        #expect(resolution.update == nil)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        // The versions merged from are untouched.
        #expect(harness.snapshot.artifacts[mine.id]?.config == mine.config)
        #expect(harness.snapshot.artifacts[before.id]?.config == before.config)
        try harness.expectStoreMatches()
    }

    @Test("A merge takes a field only the default changed, and keeps a field only the user changed")
    func mergeOneSidedFields() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        // breaks: 1.1.0 added a prefill. The user customised 1.0.0's prompt.
        let old = try harness.duplicate("Default@1.0.0", of: "breaks")
        try harness.point(preset.id, "breaks", at: old.id)
        let mine = try harness.editPrompt("breaks", of: preset.id, replacing: "Answer yes or no.", with: "Answer YES or NO.")
        #expect(mine.basedOn == Fixture.v1_0_0)

        let merged = try harness.run { try $0.mergeUpdate("breaks", in: preset.id, $1) }

        #expect(merged.config["prefill"] == .string("Answer:"))
        #expect(merged.config.promptText == Fixture.breaksPrompt.replacingOccurrences(of: "Answer yes or no.", with: "Answer YES or NO."))
        #expect(merged.basedOn == Fixture.v1_1_0)
    }

    @Test("A merge keeps a labelled version's naming")
    func mergeNaming() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps")
        try harness.run { try $0.renameArtifact(mine.id, to: "Alice recap", $1) }
        let merged = try harness.run { try $0.mergeUpdate("recap", in: preset.id, $1) }
        #expect(merged.name == "Alice recap v2")
    }

    @Test("Both sides changing the same line is a conflict: reported by field, nothing written")
    func conflictingMerge() throws {
        let (harness, preset, mine) = try Self.customisedBeforeUpdate(
            replacing: "Write in the past tense.", with: "Write in the present tense.")
        let before = harness.snapshot

        let preview = try harness.snapshot.previewMerge("recap", in: preset.id)
        #expect(preview.conflicts.map(\.field) == ["prompt"])
        let textMerge = try #require(preview.conflicts.first?.textMerge)
        #expect(textMerge.conflicts == [MergeConflict(base: ["Write in the past tense."],
                                                      ours: ["Write in the present tense."],
                                                      theirs: ["Write in the past tense, in the third person."])])

        let error = #expect(throws: PresetError.mergeConflicts(operation: "recap", fields: ["prompt"])) {
            try harness.run { try $0.mergeUpdate("recap", in: preset.id, $1) }
        }
        #expect(error?.description.contains("prompt") == true)
        #expect(harness.snapshot == before)
        try harness.expectStoreMatches()

        // Settled with the user's side: succeeds, keeps the user's line, and is based on the new default.
        let ours = try harness.run { try $0.mergeUpdate("recap", in: preset.id, resolvingConflictsWith: .ours, $1) }
        #expect(ours.config.promptText == mine.config.promptText)
        #expect(ours.basedOn == Fixture.v1_2_0)
        #expect(try harness.preset("Mine").operations["recap"] == ours.id)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        try harness.expectStoreMatches()
    }

    @Test("A conflict settled with the default's side takes the default's line and keeps the user's other lines")
    func conflictTheirs() throws {
        let (harness, preset, _) = try Self.customisedBeforeUpdate(
            replacing: "Write in the past tense.", with: "Write in the present tense.")
        // A second, separate user change that must survive.
        try harness.editPrompt(of: preset.id, replacing: "You write recaps", with: "You write careful recaps")

        let theirs = try harness.run { try $0.mergeUpdate("recap", in: preset.id, resolvingConflictsWith: .theirs, $1) }

        #expect(theirs.config.promptText == Prompt.v1_2.replacingOccurrences(of: "You write recaps", with: "You write careful recaps"))
    }

    @Test("Merging prompts that end with a newline keeps the final newline")
    func mergeKeepsTrailingNewline() throws {
        // A host catalog whose prompts end with a newline; the user edits line 1, the new default line 4.
        let (harness, preset, _) = try Self.customisedBeforeUpdate(
            replacing: "You write recaps", with: "You write careful recaps", promptSuffix: "\n")

        let merged = try harness.run { try $0.mergeUpdate("recap", in: preset.id, $1) }

        #expect(merged.config.promptText
            == Prompt.v1_2.replacingOccurrences(of: "You write recaps", with: "You write careful recaps") + "\n")
    }

    @Test("A merge of an artifact with an unknown base conflicts rather than silently dropping either side")
    func mergeUnknownBase() throws {
        let imported = Fixture.artifact("a1", "Imported", number: 1,
                                        config: Fixture.promptConfig(Prompt.v1_0.replacingOccurrences(of: "You write", with: "You always write")),
                                        basedOn: nil, origin: .import)
        let snapshot = Snapshot(catalog: Fixture.catalog(), artifacts: [imported],
                                presets: [Fixture.preset("p", "Mine", operations: ["recap": imported.id])])
        #expect(throws: PresetError.mergeConflicts(operation: "recap", fields: ["prompt"])) {
            try snapshot.mergeUpdate("recap", in: PresetID("p"), Fixture.environment())
        }
    }

    @Test("Update actions refuse the Default preset and presets without a pending update")
    func noUpdate() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        for attempt in [
            { try harness.run { try $0.dismissUpdate("recap", in: preset.id, $1) } },
            { try harness.run { try $0.revertToDefault("recap", in: preset.id, $1) } },
            { try harness.run { try $0.mergeUpdate("recap", in: preset.id, $1) } },
        ] as [() throws -> Void] {
            #expect(throws: PresetError.noUpdatePending(preset: "Mine", operation: "recap")) { try attempt() }
        }
        #expect(throws: PresetError.noUpdatePending(preset: "Default", operation: "recap")) {
            try harness.snapshot.compareUpdate("recap", in: .default)
        }
    }
}
