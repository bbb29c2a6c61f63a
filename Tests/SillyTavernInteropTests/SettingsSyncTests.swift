import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// §9.5: import records a base; export merges the store's changes with SillyTavern's.
@Suite struct SettingsSyncTests {
    private let own = "settings-extension-own.json"

    /// The fixture imported into an empty store, with the base `import` records.
    private func importedWithBase() throws -> (settings: JSONValue, snapshot: Snapshot, base: SyncBase) {
        let settings = try Fixture.settings(own)
        let (plan, _) = try planSettingsImport(settings, into: Fixture.emptySnapshot())
        let snapshot = try Fixture.emptySnapshot().install(plan, Fixture.environment()).snapshot
        let base = SyncBase(
            file: SyncObjects(section: try SettingsFile.extensionSection(of: settings)),
            store: try storeObjects(settings, from: snapshot), storeName: "test")
        return (settings, snapshot, base)
    }

    private func section(_ settings: JSONValue) throws -> [String: JSONValue] {
        try SettingsFile.extensionSection(of: settings)
    }

    /// What the extension would do after the import: a new version, a new preset using it, a chat sticky.
    private func editedInTheExtension(_ settings: JSONValue) -> JSONValue {
        var edited = settings
        let artifacts = sectionPath + ["operation_artifacts", "scene_recap"]
        var list = edited[artifacts[0], artifacts[1], artifacts[2], artifacts[3]]!.arrayValue!
        list.append(.object([
            "name": .string("Terse v6"), "prompt": .string("Two sentences about {{scene_messages}}."), "prefill": .string(""),
            "connection_profile": .null, "completion_preset_name": .string(""), "include_preset_prompts": .bool(false),
            "isDefault": .bool(false), "internalVersion": .int(6), "createdAt": .int(1_764_100_000_000),
            "modifiedAt": .int(1_764_100_000_000), "customLabel": .string("Terse"),
        ]))
        edited = edited.setting(artifacts, to: .array(list))
        var operations: [String: JSONValue] = [:]
        for key in Catalog.autoRecap.operationKeys { operations[key] = .string("Default") }
        operations["scene_recap"] = .string("Terse v6")
        edited = edited.setting(sectionPath + ["operations_presets", "Brief"], to: .object([
            "name": .string("Brief"), "isDefault": .bool(false), "operations": .object(operations),
            "createdAt": .int(1_764_100_001_000), "modifiedAt": .int(1_764_100_001_000), "description": .null,
        ]))
        return edited.setting(sectionPath + ["chat_sticky_presets", "captain - 2025-12-01@09h00m00s"], to: .string("Brief"))
    }

    @Test func nothingChangedWritesTheFileAsItWas() throws {
        let (settings, snapshot, base) = try importedWithBase()
        let merge = try mergeSettings(settings, with: snapshot, base: base, prefer: nil)
        #expect(merge.changes.isEmpty)
        #expect(!merge.changesFile)
    }

    @Test func changesOnBothSidesAreAllKept() throws {
        let (settings, snapshot, base) = try importedWithBase()
        let file = editedInTheExtension(settings)
        let store = try snapshot.createPreset(named: "Store side", Fixture.environment()).snapshot
        let merge = try mergeSettings(file, with: store, base: base, prefer: nil)
        #expect(merge.conflicts.isEmpty)
        let merged = try section(merge.settings)
        // SillyTavern's side stays in the file…
        let names = merged["operation_artifacts"]?["scene_recap"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.contains("Terse v6"))
        #expect(merged["operations_presets"]?["Brief"] != nil)
        #expect(merged["chat_sticky_presets"]?["captain - 2025-12-01@09h00m00s"] == .string("Brief"))
        // …and the store's joins it.
        #expect(merged["operations_presets"]?["Store side"]?["name"] == .string("Store side"))
        // The malformed entries are written back exactly as they were.
        #expect(merged["operations_presets"]?["Odd"] == .string("not an object"))
        #expect(merged["operation_artifacts"]?["scene_recap"]?[3] == (try section(settings))["operation_artifacts"]?["scene_recap"]?[3])

        // Importing the merged file brings SillyTavern's side into the store, keeping its number.
        let (plan, _) = try planSettingsImport(merge.settings, into: store)
        let after = try store.install(plan, Fixture.environment()).snapshot
        #expect(after.artifact(of: "scene_recap", named: "Terse v6")?.number == 6)
        #expect(try after.artifactNames(of: after.storedPreset("Brief")) == ["scene_recap": "Terse v6"])
        #expect(try after.bindings[.chat("captain - 2025-12-01@09h00m00s")] == after.storedPreset("Brief").id)
        #expect(try after.storedPreset("Store side").operations.isEmpty)
    }

    @Test func everyOtherKeyOfTheFileIsLeftAlone() throws {
        let (settings, snapshot, base) = try importedWithBase()
        let store = try snapshot.createPreset(named: "Store side", Fixture.environment()).snapshot
        let merge = try mergeSettings(editedInTheExtension(settings), with: store, base: base, prefer: nil)
        var unmanagedBefore = settings, unmanagedAfter = merge.settings
        for key in managedSettingsKeys {
            unmanagedBefore = unmanagedBefore.setting(sectionPath + [.key(key)], to: nil)
            unmanagedAfter = unmanagedAfter.setting(sectionPath + [.key(key)], to: nil)
        }
        #expect(unmanagedAfter == unmanagedBefore)
    }

    /// The same preset changed in the store (description) and in SillyTavern (its recap version).
    private func conflicting() throws -> (file: JSONValue, store: Snapshot, base: SyncBase) {
        let (settings, snapshot, base) = try importedWithBase()
        let file = settings.setting(sectionPath + ["operations_presets", "Quick", "operations", "scene_recap"], to: .string("Terse v4"))
        let quick = try snapshot.storedPreset("Quick")
        let store = try snapshot.describePreset(quick.id, as: "Changed in the store", Fixture.environment()).snapshot
        return (file, store, base)
    }

    @Test func aRealConflictIsReportedAndNothingChosen() throws {
        let (file, store, base) = try conflicting()
        let merge = try mergeSettings(file, with: store, base: base, prefer: nil)
        #expect(merge.conflicts.map(\.key) == [SyncObjectKey(.preset, "Quick")])
        #expect(merge.conflicts[0].line.contains("--prefer store or --prefer file"))
        let report = SyncReport(changes: merge.changes)
        #expect(report.text.contains("1 in conflict"))
    }

    @Test func preferPicksASide() throws {
        let (file, store, base) = try conflicting()
        let storeWins = try mergeSettings(file, with: store, base: base, prefer: .store)
        #expect(storeWins.conflicts.isEmpty)
        #expect(try section(storeWins.settings)["operations_presets"]?["Quick"]?["description"] == .string("Changed in the store"))
        let fileWins = try mergeSettings(file, with: store, base: base, prefer: .file)
        #expect(try section(fileWins.settings)["operations_presets"]?["Quick"]?["operations"]?["scene_recap"] == .string("Terse v4"))
    }

    @Test func deletionsOnEitherSideReachTheFile() throws {
        let (settings, snapshot, base) = try importedWithBase()
        let file = settings.setting(sectionPath + ["operations_presets", "Voyage"], to: nil)
        let store = try snapshot.deletePreset(try snapshot.storedPreset("Quick").id, Fixture.environment()).snapshot
        let merge = try mergeSettings(file, with: store, base: base, prefer: nil)
        #expect(merge.conflicts.isEmpty)
        let presets = try section(merge.settings)["operations_presets"]?.objectValue ?? [:]
        #expect(presets["Voyage"] == nil)
        #expect(presets["Quick"] == nil)
        let voyage = try #require(merge.changes.first { $0.key == SyncObjectKey(.preset, "Voyage") })
        #expect(voyage.action == .fromFile)
        #expect(voyage.detail.contains("the store keeps its copy"))
    }

    @Test func aVersionEditedInPlaceInTheExtensionKeepsBothAndNoNameDangles() throws {
        let (settings, snapshot, base) = try importedWithBase()
        // The extension edited "v2" in place; then the store changes another operation of "Quick".
        let file = settings.setting(sectionPath + ["operation_artifacts", "scene_recap", 1, "prompt"],
                                    to: .string("Edited in place: {{scene_messages}}"))
        let first = try mergeSettings(file, with: snapshot, base: base, prefer: nil)
        let (plan, _) = try planSettingsImport(first.settings, into: snapshot)
        let store = try snapshot.install(plan, Fixture.environment()).snapshot
        let edited = try #require(store.artifacts(of: "scene_recap").first { $0.config["prompt"] == .string("Edited in place: {{scene_messages}}") })
        #expect(edited.name != "v2", "the store's v2 is immutable; the edit is a version of its own")
        let next = SyncBase(file: SyncObjects(section: try section(first.settings)),
                            store: try storeObjects(first.settings, from: store), storeName: "test")
        let quick = try store.storedPreset("Quick")
        #expect(store.artifactNames(of: quick)["scene_recap"] == edited.name)
        let v3 = try #require(store.artifact(of: "running_scene_recap", named: "v3"))
        let moved = try store.setOperation("running_scene_recap", of: quick.id, to: v3.id, Fixture.environment()).snapshot
        let second = try mergeSettings(first.settings, with: moved, base: next, prefer: nil)
        let merged = try section(second.settings)
        let names = merged["operation_artifacts"]?["scene_recap"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(merged["operations_presets"]?["Quick"]?["operations"]?["scene_recap"] == .string(edited.name))
        #expect(names.contains(edited.name))
        #expect(names.contains("v2"))
    }

    @Test func withoutABaseNothingOnlyTheFileHasIsDropped() throws {
        let settings = try Fixture.settings(own)
        let merge = try mergeSettings(settings, with: Fixture.emptySnapshot(), base: nil, prefer: nil)
        let merged = try section(merge.settings)
        #expect(merged["operations_presets"]?["Voyage"] != nil)
        #expect(merged["chat_sticky_presets"]?["captain - 2025-11-30@12h00m00s"] == .string("Quick"))
    }

    @Test func theBaseRoundTripsThroughItsFile() throws {
        let (settings, _, base) = try importedWithBase()
        let path = try Fixture.copy(own)
        try base.write(besides: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: SyncBase.path(besides: path))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SyncBase.read(besides: path) == base)
        #expect(settings != .null)
    }

    @Test func aDamagedBaseIsRefusedByName() throws {
        let path = try Fixture.copy(own)
        try Data("{\"format\": \"something else\"}".utf8).write(to: URL(fileURLWithPath: SyncBase.path(besides: path)))
        #expect(throws: SillyTavernError.self) { try SyncBase.read(besides: path) }
    }

    @Test func pruningLegacyKeysReportsTheBytesSaved() throws {
        let settings = try Fixture.settings("settings-2x.json")
        let pruned = try prunedLegacyKeys(settings, catalog: .autoRecap)
        #expect(pruned.removed.contains("extension_settings.auto_recap_memory.profiles"))
        #expect(pruned.bytesSaved > 0)
        #expect(try section(pruned.settings)["profiles"] == nil)
        #expect(try section(pruned.settings)["operation_artifacts"] == (try section(settings))["operation_artifacts"])
    }
}
