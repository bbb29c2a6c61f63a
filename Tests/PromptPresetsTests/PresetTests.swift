import Foundation
import Testing
@testable import PromptPresets

/// A command that changes a preset, for the tables below.
enum PresetCommand: String, Sendable, CaseIterable {
    case rename, describe, setOperation, delete

    func run(on snapshot: Snapshot, _ id: PresetID, expectedRevision: Int?, _ environment: CommandEnvironment) throws {
        switch self {
        case .rename: _ = try snapshot.renamePreset(id, to: "Renamed", expectedRevision: expectedRevision, environment)
        case .describe: _ = try snapshot.describePreset(id, as: "New words", expectedRevision: expectedRevision, environment)
        case .setOperation: _ = try snapshot.setOperation("recap", of: id, to: nil, expectedRevision: expectedRevision, environment)
        case .delete: _ = try snapshot.deletePreset(id, expectedRevision: expectedRevision, environment)
        }
    }
}

@Suite("Presets")
struct PresetTests {
    @Test("Create: a stored preset with every operation on its default, listed after Default")
    func create() throws {
        let harness = Harness()
        let preset = try harness.run { try $0.createPreset(named: " Work ", description: "For work chats", $1) }
        #expect(preset.name == "Work")
        #expect(preset.description == "For work chats")
        #expect(preset.operations.isEmpty)
        #expect(preset.revision == 1)
        #expect(preset.createdAt == Fixture.start)
        #expect(try harness.preset("Work") == preset)
        try harness.createPreset("alpha")
        #expect(harness.snapshot.allPresets.map(\.name) == ["Default", "alpha", "Work"])
        #expect(try harness.snapshot.resolveAll(in: Context()).allSatisfy(\.isDefault))
        try harness.expectStoreMatches()
    }

    @Test("Looking up a misspelt preset suggests the closest name")
    func suggestion() throws {
        let harness = Harness()
        try harness.createPreset("Work")
        #expect(throws: PresetError.presetNotFound("Wrok", suggestion: "Work")) { try harness.preset("Wrok") }
        #expect(try harness.preset("Default") == Preset.default)
    }

    @Test("Duplicate copies the operation map and description; the copy changes independently")
    func duplicate() throws {
        let harness = Harness()
        let source = try harness.run { try $0.createPreset(named: "Work", description: "Mine", $1) }
        let version = try harness.editPrompt(of: source.id, replacing: "Write in the past tense", with: "Write tersely")

        let copy = try harness.run { try $0.duplicatePreset(source.id, $1) }

        #expect(copy.name == "Copy of Work")
        #expect(copy.id != source.id)
        #expect(copy.description == "Mine")
        #expect(copy.operations == ["recap": version.id])
        try harness.point(copy.id, at: nil)
        #expect(try harness.preset("Work").operations == ["recap": version.id])
        try harness.expectStoreMatches()
    }

    @Test("Rename: bindings follow, the old name is gone, a taken name is refused")
    func rename() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        try harness.createPreset("Home")
        try harness.run { try $0.bind(.chat("c"), to: preset.id, $1) }

        let renamed = try harness.run { try $0.renamePreset(preset.id, to: "Office", $1) }

        #expect(renamed.name == "Office")
        #expect(renamed.revision == 2)
        #expect(try harness.resolve(in: Context(chat: "c")).preset == "Office")
        #expect(throws: PresetError.presetNotFound("Work", suggestion: nil)) { try harness.preset("Work") }
        #expect(throws: PresetError.presetNameTaken("Home")) {
            try harness.run { try $0.renamePreset(preset.id, to: "Home", $1) }
        }
        // The freed name can be taken again.
        try harness.createPreset("Work")
        try harness.expectStoreMatches()
    }

    @Test("Describe replaces the description; an over-long one is refused")
    func describe() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let described = try harness.run { try $0.describePreset(preset.id, as: "Formal tone", $1) }
        #expect(described.description == "Formal tone")
        #expect(try harness.preset("Work").description == "Formal tone")
        let error = #expect(throws: PresetError.self) {
            try harness.run { try $0.describePreset(preset.id, as: String(repeating: "x", count: 10_001), $1) }
        }
        guard case .invalidConfig(let issues)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(issues.map(\.path) == ["description"])
    }

    @Test("Create refuses an over-long description like describe does")
    func createDescriptionLimit() throws {
        let harness = Harness()
        let long = String(repeating: "x", count: 10_001)
        let error = #expect(throws: PresetError.self) {
            _ = try harness.run { try $0.createPreset(named: "Work", description: long, $1) }
        }
        guard case .invalidConfig(let issues)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(issues.map(\.path) == ["description"])
        #expect(harness.snapshot.presets.isEmpty)
    }

    @Test("Set an operation to a version and back to the default")
    func setOperation() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let version = try harness.duplicate("Default@1.0.0")

        let pointed = try harness.run { try $0.setOperation("recap", of: preset.id, to: version.id, $1) }
        #expect(pointed.operations["recap"] == version.id)
        let resolution = try harness.resolve(presetNamed: "Work")
        #expect(resolution.artifact?.name == version.name)
        #expect(resolution.config.promptText == Fixture.RecapPrompt.v1_0)

        try harness.point(preset.id, at: nil)
        let back = try harness.resolve(presetNamed: "Work")
        #expect(back.isDefault)
        #expect(back.config.promptText == Fixture.RecapPrompt.v1_2)
        try harness.expectStoreMatches()
    }

    @Test("A version of another operation cannot be set")
    func setOperationWrongOperation() throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let breaks = try harness.duplicate("Default", of: "breaks")
        #expect(throws: PresetError.artifactNotFound(operation: "recap", name: breaks.id.rawValue, suggestion: nil)) {
            try harness.run { try $0.setOperation("recap", of: preset.id, to: breaks.id, $1) }
        }
        #expect(throws: PresetError.unknownOperation("nope", valid: ["recap", "breaks", "types"])) {
            try harness.run { try $0.setOperation("nope", of: preset.id, to: nil, $1) }
        }
    }

    @Test("Delete removes the bindings pointing to the preset and reports them")
    func delete() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let home = try harness.createPreset("Home")
        try harness.run { try $0.bind(.chat("c1"), to: work.id, $1) }
        try harness.run { try $0.bind(.chat("c2"), to: home.id, $1) }
        try harness.run { try $0.bind(.character("alice"), to: work.id, $1) }
        try harness.run { try $0.bind(.profile("Writing"), to: work.id, $1) }

        let removed = try harness.run { try $0.deletePreset(work.id, $1) }

        #expect(removed == [Binding(.profile("Writing"), to: work.id), Binding(.character("alice"), to: work.id),
                            Binding(.chat("c1"), to: work.id)])
        #expect(harness.snapshot.bindings == Bindings(chats: ["c2": home.id]))
        #expect(harness.snapshot.allPresets.map(\.name) == ["Default", "Home"])
        let resolution = try harness.resolve(in: Context(chat: "c1", character: "alice", profile: "Writing"))
        #expect(resolution.preset == "Default")
        #expect(resolution.warnings.isEmpty)
        try harness.expectStoreMatches()
    }

    @Test("Deleting a preset closes its open sessions and frees their versions")
    func deleteWithSession() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let session = try harness.run { try $0.openSession("recap", in: work.id, $1) }
        let version = try #require(try harness.run {
            try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(true), $1)
        }.artifact)

        try harness.run { try $0.deletePreset(work.id, $1) }

        #expect(harness.snapshot.sessions.isEmpty)
        #expect(harness.snapshot.presetsReferencing(version.id).isEmpty)
        try harness.run { try $0.deleteArtifact(version.id, $1) }
        try harness.expectStoreMatches()
    }

    @Test("The Default preset cannot be renamed, described, changed or deleted", arguments: PresetCommand.allCases)
    func defaultIsReadOnly(_ command: PresetCommand) throws {
        let harness = Harness()
        #expect(throws: PresetError.defaultPresetIsReadOnly) {
            try command.run(on: harness.snapshot, .default, expectedRevision: nil, harness.environment)
        }
        #expect(try harness.preset("Default") == Preset.default)
    }

    @Test("A write carrying a stale revision is refused and changes nothing",
          arguments: [PresetCommand.rename, .describe, .setOperation, .delete])
    func staleRevision(_ command: PresetCommand) throws {
        let harness = Harness()
        let preset = try harness.createPreset("Work")
        let version = try harness.duplicate("Default")
        try harness.point(preset.id, at: version.id)  // revision 2
        let before = harness.snapshot

        #expect(throws: PresetError.staleRevision(kind: "preset", name: "Work", expected: 1, actual: 2)) {
            try command.run(on: harness.snapshot, preset.id, expectedRevision: 1, harness.environment)
        }
        #expect(harness.snapshot == before)

        // With the current revision the same command goes through.
        try command.run(on: harness.snapshot, preset.id, expectedRevision: 2, harness.environment)
    }

    @Test("Renaming or describing a version carries its revision too")
    func staleArtifactRevision() throws {
        let harness = Harness()
        let version = try harness.duplicate("Default")
        try harness.run { try $0.describeArtifact(version.id, as: "first", $1) }
        #expect(throws: PresetError.staleRevision(kind: "version", name: "v1", expected: 1, actual: 2)) {
            try harness.run { try $0.renameArtifact(version.id, to: "Other", expectedRevision: 1, $1) }
        }
        let renamed = try harness.run { try $0.renameArtifact(version.id, to: "Other", expectedRevision: 2, $1) }
        #expect(renamed.description == "first")
        #expect(renamed.revision == 3)
    }
}
