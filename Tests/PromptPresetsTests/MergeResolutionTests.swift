import Foundation
import Testing
@testable import PromptPresets

/// Settling each conflict region of a merge on its own: mine, theirs, or the user's own text.
@Suite("Merge resolutions")
struct MergeResolutionTests {
    static let basePrompt = """
        You write recaps of role-play scenes.
        Summarise the messages below.
        Keep every name exactly as written.
        Write in the past tense.

        {{messages}}
        """
    /// The new default changes lines 1 and 4.
    static let newPrompt = basePrompt
        .replacingOccurrences(of: "You write recaps", with: "You write short recaps")
        .replacingOccurrences(of: "Write in the past tense.", with: "Write in the past tense, in the third person.")

    /// A catalog whose `recap` defaults are 1.0.0 (`basePrompt`) and, unless `through` stops earlier, 1.1.0 (`newPrompt`).
    static func catalog(through last: SemanticVersion) -> Catalog {
        let history = [(Fixture.v1_0_0, basePrompt), (Fixture.v1_1_0, newPrompt)].filter { $0.0 <= last }
        let recap = OperationDefinition(
            key: "recap", title: "Scene recap", description: "Summarises a scene.", schema: .promptOperation(),
            variables: [TemplateVariable("messages", "The scene's messages.", isRequired: true)],
            history: history.map { version, prompt in
                DefaultVersion(version, date: "2025-01-10", changelog: ["Version \(version)."], config: Fixture.promptConfig(prompt))
            })
        return Catalog(name: "test", operations: [recap])
    }

    /// A preset `Mine` whose recap changed lines 1 and 4 of 1.0.0 differently from 1.1.0: two conflict regions.
    static func twoConflictRegions() throws -> (harness: Harness, preset: Preset) {
        let harness = Harness(catalog: catalog(through: Fixture.v1_0_0))
        let preset = try harness.createPreset("Mine")
        try harness.edit(of: preset.id) { config in
            config["prompt"] = .string(basePrompt
                .replacingOccurrences(of: "You write recaps", with: "You write careful recaps")
                .replacingOccurrences(of: "Write in the past tense.", with: "Write in the present tense."))
        }
        try harness.switchCatalog(to: catalog(through: Fixture.v1_1_0))
        return (harness, preset)
    }

    @Test("The preview has two regions in the prompt, each with its base, mine and theirs lines")
    func previewRegions() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        let preview = try harness.snapshot.previewMerge("recap", in: preset.id)
        #expect(preview.conflicts.map(\.field) == ["prompt"])
        #expect(preview.conflicts.first?.textMerge?.conflicts == [
            MergeConflict(base: ["You write recaps of role-play scenes."],
                          ours: ["You write careful recaps of role-play scenes."],
                          theirs: ["You write short recaps of role-play scenes."]),
            MergeConflict(base: ["Write in the past tense."],
                          ours: ["Write in the present tense."],
                          theirs: ["Write in the past tense, in the third person."]),
        ])
    }

    @Test("One region kept mine, the other edited: the merged text has exactly those lines")
    func mineAndEdited() throws {
        let (harness, preset) = try Self.twoConflictRegions()

        let merged = try harness.run {
            try $0.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(
                fields: ["prompt": .regions([.ours, .edited("Write in the present tense, in the third person.")])]), $1)
        }

        #expect(merged.config.promptText == """
            You write careful recaps of role-play scenes.
            Summarise the messages below.
            Keep every name exactly as written.
            Write in the present tense, in the third person.

            {{messages}}
            """)
        #expect(merged.origin == .merge)
        #expect(merged.basedOn == Fixture.v1_1_0)
        #expect(try harness.preset("Mine").operations["recap"] == merged.id)
        #expect(harness.snapshot.pendingUpdates().isEmpty)
        try harness.expectStoreMatches()
    }

    @Test("Theirs for one region, several edited lines for the other, and empty text removes a region")
    func theirsAndMultiLineEdits() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        let merge = try harness.snapshot.previewMerge("recap", in: preset.id)
        let schema = harness.snapshot.catalog["recap"]!.schema

        let twoLines = try Snapshot.resolvedConfig(
            merge, MergeResolutions(fields: ["prompt": .regions([.theirs, .edited("Write in the past tense.\nUse the third person.\n")])]),
            operation: "recap", schema: schema)
        #expect(twoLines.promptText == """
            You write short recaps of role-play scenes.
            Summarise the messages below.
            Keep every name exactly as written.
            Write in the past tense.
            Use the third person.

            {{messages}}
            """)

        let removed = try Snapshot.resolvedConfig(
            merge, MergeResolutions(fields: ["prompt": .regions([.edited(""), .theirs])]), operation: "recap", schema: schema)
        #expect(removed.promptText == """
            Summarise the messages below.
            Keep every name exactly as written.
            Write in the past tense, in the third person.

            {{messages}}
            """)
    }

    @Test("The wrong number of regions is refused naming the field and the count; nothing is written")
    func wrongRegionCount() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        let before = harness.snapshot

        let error = #expect(throws: PresetError.self) {
            try harness.run {
                try $0.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(fields: ["prompt": .regions([.ours])]), $1)
            }
        }

        #expect(error == .invalidMergeResolution(field: "prompt", reason: "expected 2 entries, one per conflict region, found 1."))
        #expect(error?.description == "resolutions.prompt: expected 2 entries, one per conflict region, found 1. Nothing was written.")
        #expect(harness.snapshot == before)
        try harness.expectStoreMatches()
    }

    @Test("Decisions for an unknown field or a field without a conflict are refused, naming the conflicting fields")
    func fieldsWithoutConflicts() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        let before = harness.snapshot
        let cases: [(String, String)] = [
            ("promt", "operation 'recap' has no field 'promt'; the conflicting fields are prompt."),
            ("prefill", "'prefill' has no conflict to settle; the conflicting fields are prompt."),
        ]
        for (field, reason) in cases {
            #expect(throws: PresetError.invalidMergeResolution(field: field, reason: reason)) {
                try harness.run {
                    try $0.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(
                        fields: ["prompt": .side(.ours), field: .side(.theirs)]), $1)
                }
            }
        }
        #expect(harness.snapshot == before)
        try harness.expectStoreMatches()
    }

    @Test("A field left out takes the fallback; without one the merge is refused naming it")
    func fallback() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        #expect(throws: PresetError.mergeConflicts(operation: "recap", fields: ["prompt"])) {
            try harness.run { try $0.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(), $1) }
        }

        let merged = try harness.run {
            try $0.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(fallback: .theirs), $1)
        }
        #expect(merged.config.promptText == Self.newPrompt)
    }

    @Test("Edited text over the field's limit is refused as an invalid config")
    func editedTextTooLong() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        let before = harness.snapshot
        let long = String(repeating: "x", count: (1 << 20) + 1)

        let error = #expect(throws: PresetError.self) {
            try harness.run {
                try $0.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(
                    fields: ["prompt": .regions([.ours, .edited(long)])]), $1)
            }
        }

        guard case .invalidConfig(let issues)? = error else {
            Issue.record("expected invalidConfig, got \(String(describing: error))")
            return
        }
        #expect(issues.map(\.path) == ["recap.prompt"])
        #expect(harness.snapshot == before)
    }

    /// A preset whose recap came from an unknown base with `include_preset_prompts` switched on:
    /// both the prompt and the flag conflict with the default.
    static func valueConflict() -> Snapshot {
        let imported = Fixture.artifact(
            "a1", "Imported", number: 1,
            config: Fixture.promptConfig(basePrompt.replacingOccurrences(of: "You write", with: "You always write"), includePresetPrompts: true),
            basedOn: nil, origin: .import)
        return Snapshot(catalog: catalog(through: Fixture.v1_1_0), artifacts: [imported],
                        presets: [Fixture.preset("p", "Mine", operations: ["recap": imported.id])])
    }

    @Test("A value conflict is settled for the whole field, mine or theirs; regions for it are refused")
    func valueConflicts() throws {
        let snapshot = Self.valueConflict()
        let preview = try snapshot.previewMerge("recap", in: PresetID("p"))
        #expect(preview.conflicts.map(\.field) == ["prompt", "include_preset_prompts"])
        #expect(preview.conflicts.last?.textMerge == nil)

        let theirs = try snapshot.mergeUpdate("recap", in: PresetID("p"), resolving: MergeResolutions(
            fields: ["include_preset_prompts": .side(.theirs)], fallback: .ours), Fixture.environment()).value
        #expect(theirs.config["include_preset_prompts"] == .bool(false))
        #expect(theirs.config.promptText == Self.basePrompt.replacingOccurrences(of: "You write", with: "You always write"))
        let mine = try snapshot.mergeUpdate("recap", in: PresetID("p"), resolving: MergeResolutions(
            fields: ["include_preset_prompts": .side(.ours), "prompt": .side(.theirs)]), Fixture.environment()).value
        #expect(mine.config["include_preset_prompts"] == .bool(true))
        #expect(mine.config.promptText == Self.newPrompt)

        #expect(throws: PresetError.invalidMergeResolution(
            field: "include_preset_prompts", reason: "the field is not text and has no regions; choose mine or theirs for the whole field.")) {
            try snapshot.mergeUpdate("recap", in: PresetID("p"), resolving: MergeResolutions(
                fields: ["include_preset_prompts": .regions([.ours])], fallback: .ours), Fixture.environment())
        }
    }

    @Test("Choosing a side for every region gives the same text as the old prefer choice")
    func sidesMatchPrefer() throws {
        let (harness, preset) = try Self.twoConflictRegions()
        for choice in MergeChoice.allCases {
            let region: RegionResolution = choice == .ours ? .ours : .theirs
            let byRegion = try harness.snapshot.mergeUpdate("recap", in: preset.id, resolving: MergeResolutions(
                fields: ["prompt": .regions([region, region])]), harness.environment).value
            let byPrefer = try harness.snapshot.mergeUpdate("recap", in: preset.id, resolvingConflictsWith: choice, harness.environment).value
            #expect(byRegion.config == byPrefer.config, "\(choice)")
        }
    }
}
