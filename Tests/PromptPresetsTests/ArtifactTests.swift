import Foundation
import Testing
@testable import PromptPresets

@Suite("Artifacts")
struct ArtifactTests {
    @Test("Delete refuses a version presets use, naming them all")
    func deleteInUse() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let v1 = try harness.editPrompt(of: work.id, replacing: "Write in the past tense", with: "Write tersely")
        try harness.run { try $0.duplicatePreset(work.id, as: "Home", $1) }
        let before = harness.snapshot

        let error = #expect(throws: PresetError.artifactInUse(operation: "recap", name: "v1", presets: ["Home", "Work"])) {
            try harness.run { try $0.deleteArtifact(v1.id, $1) }
        }
        #expect(error?.description == "Version 'v1' of 'recap' is used by presets 'Home', 'Work'; point them elsewhere first.")
        #expect(harness.snapshot == before)

        // Once nothing uses it, it can go.
        try harness.point(work.id, at: nil)
        try harness.point(try harness.preset("Home").id, at: nil)
        let deleted = try harness.run { try $0.deleteArtifact(v1.id, $1) }
        #expect(deleted.id == v1.id)
        #expect(harness.snapshot.artifacts.isEmpty)
        try harness.expectStoreMatches()
    }

    @Test("Only references from the version's own operation count")
    func deleteCountsSameOperationOnly() throws {
        let version = Fixture.artifact("a1", "v1", number: 1, config: Fixture.currentDefault("recap"), basedOn: Fixture.v1_2_0)
        // A malformed preset that files the recap version under `breaks`.
        let snapshot = Snapshot(catalog: Fixture.catalog(), artifacts: [version],
                                presets: [Fixture.preset("p", "Odd", operations: ["breaks": version.id])])
        #expect(snapshot.presetsReferencing(version.id).isEmpty)
        let outcome = try snapshot.deleteArtifact(version.id, Fixture.environment())
        #expect(outcome.snapshot.artifacts.isEmpty)
    }

    @Test("Delete refuses a version an open edit session holds")
    func deleteHeldBySession() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let v1 = try harness.editPrompt(of: work.id, replacing: "Write in the past tense", with: "Write tersely")
        let session = try harness.run { try $0.openSession("recap", in: work.id, $1) }
        try harness.run { try $0.changeSession(session.id, setting: "include_preset_prompts", to: .bool(true), $1) }
        // Work now points at v2; v1 is only held by the session (cancel would restore it).
        #expect(harness.snapshot.presetsReferencing(v1.id).isEmpty)
        #expect(throws: PresetError.artifactInUse(operation: "recap", name: "v1", presets: ["Work (open edit)"])) {
            try harness.run { try $0.deleteArtifact(v1.id, $1) }
        }
        try harness.run { try $0.cancelSession(session.id, $1) }
        #expect(try harness.resolve(presetNamed: "Work").config == v1.config)
    }

    @Test("The default is not a stored version: no id to delete or rename, reported as a default")
    func defaultIsNotStored() throws {
        let harness = Harness()
        let reference = try harness.snapshot.version("Default", of: "recap")
        #expect(reference.isDefault)
        #expect(reference.artifact == nil)
        #expect(reference.number == 0)
        #expect(reference.defaultVersion == Fixture.v1_2_0)
        #expect(reference.config == Fixture.currentDefault("recap"))
        #expect(throws: PresetError.artifactNotFound(operation: "any operation", name: "default", suggestion: nil)) {
            try harness.run { try $0.deleteArtifact(ArtifactID("default"), $1) }
        }
        #expect(harness.snapshot.catalog["recap"]?.history.count == 3)
    }

    @Test("Duplicate creates a new unreferenced version with the same config")
    func duplicate() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let v1 = try harness.editPrompt(of: work.id, replacing: "Write in the past tense", with: "Write tersely")

        let copy = try harness.duplicate("v1")

        #expect(copy.id != v1.id)
        #expect(copy.name == "v2")
        #expect(copy.number == 2)
        #expect(copy.config == v1.config)
        #expect(copy.origin == .duplicate)
        #expect(copy.parent == .artifact(v1.id))
        #expect(copy.basedOn == v1.basedOn)
        #expect(harness.snapshot.presetsReferencing(copy.id).isEmpty)
        #expect(try harness.preset("Work").operations["recap"] == v1.id)
        try harness.expectStoreMatches()
    }

    @Test("Duplicating a default version records it as parent and base")
    func duplicateDefault() throws {
        let harness = Harness()
        let copy = try harness.duplicate("Default@1.1.0")
        #expect(copy.name == "v1")
        #expect(copy.config.promptText == Fixture.RecapPrompt.v1_1)
        #expect(copy.basedOn == Fixture.v1_1_0)
        #expect(copy.parent == .default(Fixture.v1_1_0))
    }

    @Test("Versions are addressed as Default, Default@<version> or by name")
    func versionLookup() throws {
        let harness = Harness()
        try harness.duplicate("Default")
        let old = try harness.snapshot.version("Default@1.0.0", of: "recap")
        #expect(old.isDefault)
        #expect(old.name == "Default")
        #expect(old.defaultVersion == Fixture.v1_0_0)
        #expect(old.config.promptText == Fixture.RecapPrompt.v1_0)
        #expect(try harness.snapshot.version("v1", of: "recap").artifact?.number == 1)

        #expect(throws: PresetError.unknownDefaultVersion(operation: "recap", version: "9.9.9")) {
            try harness.snapshot.version("Default@9.9.9", of: "recap")
        }
        #expect(throws: PresetError.unknownDefaultVersion(operation: "recap", version: "latest")) {
            try harness.snapshot.version("Default@latest", of: "recap")
        }
        #expect(throws: PresetError.artifactNotFound(operation: "recap", name: "v11", suggestion: "v1")) {
            try harness.snapshot.version("v11", of: "recap")
        }
        #expect(throws: PresetError.unknownOperation("recaps", valid: ["recap", "breaks", "types"])) {
            try harness.snapshot.version("v1", of: "recaps")
        }
    }

    @Test("Listing versions: the current default first, then stored versions newest first")
    func versions() throws {
        let harness = Harness()
        try harness.duplicate("Default")
        try harness.duplicate("Default@1.0.0")
        let listed = try harness.snapshot.versions(of: "recap")
        #expect(listed.map(\.name) == ["Default", "v2", "v1"])
        #expect(listed.map(\.number) == [0, 2, 1])
    }

    @Test("History lists every default, oldest first, then stored versions by number with their parents")
    func history() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        let v1 = try harness.editPrompt(of: work.id, replacing: "Write in the past tense", with: "Write tersely")
        try harness.editPrompt(of: work.id, replacing: "Write tersely", with: "Write briefly")  // v2, parent v1
        try harness.duplicate("Default@1.0.0")  // v3
        let v4 = try harness.duplicate("v1")     // v4, parent v1
        try harness.run { try $0.deleteArtifact(v1.id, $1) }

        let history = try harness.snapshot.history(of: "recap")

        #expect(history.map(\.reference.name) == ["Default", "Default", "Default", "v2", "v3", "v4"])
        #expect(history.map(\.reference.defaultVersion) == [Fixture.v1_0_0, Fixture.v1_1_0, Fixture.v1_2_0, nil, nil, nil])
        #expect(history.map(\.parentName) == [nil, "Default@1.0.0", "Default@1.1.0", "(deleted)", "Default@1.0.0", "(deleted)"])
        #expect(history[2].changelog == ["Asks for the third person.", "Clarifies tense."])
        #expect(history[2].date == "2025-05-20")
        #expect(history[5].reference.artifact?.id == v4.id)
    }

    @Test("Diff between two versions lists only the changed fields, line by line")
    func diffVersions() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        try harness.editPrompt(of: work.id, replacing: "Write in the past tense", with: "Write tersely")
        try harness.edit(of: work.id) { config in
            config["prompt"] = .string(config.promptText.replacingOccurrences(
                of: "Keep every name exactly as written.", with: "Keep names."))
            config["include_preset_prompts"] = .bool(true)
        }

        let diff = try harness.snapshot.diff("recap", from: "v1", to: "v2")

        #expect(diff.map(\.field) == ["prompt", "include_preset_prompts"])
        #expect(diff[0].lines == [
            .same("You write recaps of role-play scenes."),
            .same("Summarise the messages below in one paragraph."),
            .removed("Keep every name exactly as written."),
            .added("Keep names."),
            .same("Write tersely, in the third person."),
            .same(""),
            .same("{{messages}}"),
        ])
        #expect(diff[1].lines == [.removed("false"), .added("true")])
        #expect(try harness.snapshot.diff("recap", from: "v2", to: "v2").isEmpty)
    }

    @Test("Diff between a version and an older default")
    func diffAgainstDefault() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        try harness.editPrompt(of: work.id, replacing: "You write recaps", with: "You write short recaps")

        let diff = try harness.snapshot.diff("recap", from: "Default@1.0.0", to: "v1")

        #expect(diff.map(\.field) == ["prompt"])
        #expect(diff[0].lines == [
            .removed("You write recaps of role-play scenes."),
            .removed("Summarise the messages below."),
            .added("You write short recaps of role-play scenes."),
            .added("Summarise the messages below in one paragraph."),
            .same("Keep every name exactly as written."),
            .removed("Write in the past tense."),
            .added("Write in the past tense, in the third person."),
            .same(""),
            .same("{{messages}}"),
        ])
        #expect(try harness.snapshot.diff("recap", from: "Default@1.1.0", to: "Default").map(\.field) == ["prompt"])
    }

    @Test("Diff of a data-only operation shows structured fields as JSON lines")
    func diffStructured() throws {
        let harness = Harness()
        let work = try harness.createPreset("Work")
        try harness.edit("types", of: work.id) { config in
            config["types"] = .array([Fixture.entityType("character"), Fixture.entityType("faction", constant: true)])
        }
        let diff = try harness.snapshot.diff("types", from: "Default", to: "v1")
        #expect(diff.map(\.field) == ["types"])
        let removed = diff[0].lines.compactMap { if case .removed(let line) = $0 { line } else { nil } }
        let added = diff[0].lines.compactMap { if case .added(let line) = $0 { line } else { nil } }
        #expect(removed == ["    \"name\": \"location\""])
        #expect(added == ["    \"name\": \"faction\""])
    }

    @Test("Rename refuses taken and reserved names; describe changes only the description")
    func renameAndDescribe() throws {
        let harness = Harness()
        let a = try harness.duplicate("Default")
        try harness.duplicate("Default")
        #expect(throws: PresetError.artifactNameTaken(operation: "recap", name: "v2")) {
            try harness.run { try $0.renameArtifact(a.id, to: "v2", $1) }
        }
        #expect(throws: PresetError.reservedName("Default")) {
            try harness.run { try $0.renameArtifact(a.id, to: "Default", $1) }
        }
        let described = try harness.run { try $0.describeArtifact(a.id, as: "Terse", $1) }
        #expect(described.description == "Terse")
        #expect(described.name == "v1")
        #expect(described.label == nil)
        #expect(described.config == a.config)
        try harness.expectStoreMatches()
    }
}
