import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// `sillytavern export`: writing the store back into settings.json (§9.3).
@Suite struct SettingsWriterTests {
    /// settings-2x.json imported into an empty store.
    private func importedSnapshot() throws -> Snapshot {
        let (plan, _) = try planSettingsImport(Fixture.settings("settings-2x.json"), into: Fixture.emptySnapshot())
        return try Fixture.emptySnapshot().install(plan, Fixture.environment()).snapshot
    }

    /// `settings` with the managed keys of the extension's section removed.
    private func unmanaged(_ settings: JSONValue) -> JSONValue {
        var result = settings
        for key in managedSettingsKeys { result = result.setting(sectionPath + [.key(key)], to: nil) }
        return result
    }

    /// Exports the imported store into a copy of settings-2x.json and reads the file back.
    private func exported() throws -> (path: String, original: Data, written: JSONValue, backup: String) {
        let path = try Fixture.copy("settings-2x.json")
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let updated = try updatedSettings(SettingsFile.parse(original), from: importedSnapshot())
        let backup = try writeSettings(updated, to: path, expectedOriginal: original, now: Fixture.now)
        let written = try SettingsFile.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        return (path, original, written, backup)
    }

    @Test func everyUnrelatedKeySurvives() throws {
        let (_, original, written, _) = try exported()
        #expect(unmanaged(written) == unmanaged(try SettingsFile.parse(original)))
        // Spot checks of what that comparison covers.
        #expect(written["extension_settings", "regex", 0, "findRegex"] == .string("/\\s+$/"))
        #expect(written["extension_settings", "auto_recap_memory", "running_scene_recap_template"]
            == .string("<story so far>\n{{running_recap}}\n</story so far>"))
        #expect(written["extension_settings", "auto_recap_memory", "profiles", "Default", "debug_mode"] == .bool(false))
    }

    @Test func managedKeysHoldWhatTheStoreHas() throws {
        let (_, original, written, _) = try exported()
        let before = try SettingsFile.parse(original)
        let section = try #require(written["extension_settings", "auto_recap_memory"])

        // The stored Default entries stay exactly as the file had them; user artifacts follow.
        for operation in Catalog.autoRecap.operationKeys {
            #expect(section["operation_artifacts", .key(operation), 0] == before[
                "extension_settings", "auto_recap_memory", "operation_artifacts", .key(operation), 0])
        }
        let names = { (operation: String) in
            section["operation_artifacts", .key(operation)]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        }
        #expect(names("scene_recap") == ["Default", "v2", "Detailed Recap for Alice"])
        #expect(names("auto_scene_break") == ["Default", "Strict Detection v3"])
        #expect(names("entity_types") == ["Default", "v4"])
        #expect(names("organize_scene_recap") == ["Default"])

        let strict = try #require(section["operation_artifacts", "auto_scene_break", 1]?.objectValue)
        #expect(Set(strict.keys) == [
            "name", "prompt", "prefill", "connection_profile", "completion_preset_name", "include_preset_prompts",
            "isDefault", "internalVersion", "createdAt", "modifiedAt", "customLabel",
            "forced_prompt", "forced_prefill", "forced_connection_profile", "forced_completion_preset_name",
            "forced_include_preset_prompts",
        ])
        #expect(strict["connection_profile"] == .string(Fixture.localLlamaID))
        #expect(strict["isDefault"] == .bool(false))
        #expect(strict["customLabel"] == .string("Strict Detection"))
        // The extension's identity survives: its number and times, not the import's.
        let fileStrict = before["extension_settings", "auto_recap_memory", "operation_artifacts", "auto_scene_break"]?
            .arrayValue?.first { $0["name"] == .string("Strict Detection v3") }
        #expect(strict["internalVersion"] == fileStrict?["internalVersion"])
        #expect(strict["createdAt"] == fileStrict?["createdAt"])
        #expect(strict["modifiedAt"] == fileStrict?["modifiedAt"])
        let v4 = try #require(section["operation_artifacts", "entity_types", 1]?.objectValue)
        #expect(v4["defaults", default: .null]["sticky"] == .int(2))
        #expect(v4["types"]?.arrayValue?.count == 3)
        #expect(v4["prompt"] == nil)

        let presets = try #require(section["operations_presets"]?.objectValue)
        #expect(Set(presets.keys) == ["Default", "Alice RP Setup", "Quick Chat", "Dangling"])
        for (name, preset) in presets {
            #expect(preset["operations"]?.objectValue?.count == 13, "every catalog operation in '\(name)'")
        }
        #expect(section["operations_presets", "Quick Chat", "operations", "scene_recap"] == .string("v2"))
        #expect(section["operations_presets", "Quick Chat", "operations", "filter_scene_recap_sl"] == .string("Default"))
        #expect(section["operations_presets", "Dangling", "operations", "scene_recap"] == .string("Default"))
        #expect(section["operations_presets", "Alice RP Setup", "operations", "auto_scene_break"] == .string("Strict Detection v3"))
        #expect(section["operations_presets", "Alice RP Setup", "isDefault"] == .bool(false))
        #expect(section["operations_presets", "Default", "isDefault"] == .bool(true))

        #expect(section["character_sticky_presets"] == .object([
            "alice.png": .string("Alice RP Setup"), "bob_the_smith.png": .string("Quick Chat"),
        ]))
        #expect(section["chat_sticky_presets"] == .object([
            "Alice - 2025-11-02@14h31m08s": .string("Quick Chat"), "group-1731000000000": .string("Alice RP Setup"),
        ]))
        #expect(section["active_operations_preset_global"] == .string("Quick Chat"))
    }

    @Test func reimportingTheExportedFileGivesTheSamePresetsAndArtifacts() throws {
        let first = try importedSnapshot()
        let (_, _, written, _) = try exported()
        let (plan, _) = try planSettingsImport(written, into: Fixture.emptySnapshot())
        let second = try Fixture.emptySnapshot().install(plan, Fixture.environment()).snapshot

        func artifacts(_ snapshot: Snapshot) -> [String: Config] {
            Dictionary(uniqueKeysWithValues: snapshot.artifacts.values.map { ("\($0.operation)/\($0.name)", $0.config) })
        }
        func presets(_ snapshot: Snapshot) -> [String: [String: String]] {
            Dictionary(uniqueKeysWithValues: snapshot.presets.values.map { ($0.name, snapshot.artifactNames(of: $0)) })
        }
        #expect(artifacts(second) == artifacts(first))
        #expect(presets(second) == presets(first))
        #expect(second.bindings.count == first.bindings.count)
        // And into the store it came from, nothing new.
        #expect(try planSettingsImport(written, into: first).plan.isEmpty)
    }

    @Test func theBackupHoldsTheOriginalBytes() throws {
        let (path, original, _, backup) = try exported()
        #expect(backup == "\(path).bak-20251117-172000")
        #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == original)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(siblings.sorted() == ["settings.json", "settings.json.bak-20251117-172000"], "no temporary file left behind")
    }

    @Test func theFileKeepsItsPermissions() throws {
        let path = try Fixture.copy("settings-2x.json")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let updated = try updatedSettings(SettingsFile.parse(original), from: importedSnapshot())
        try writeSettings(updated, to: path, expectedOriginal: original, now: Fixture.now)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
    }

    @Test func theFileIsIndentedByTwoSpaces() throws {
        let (path, _, _, _) = try exported()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "{")
        #expect(lines.dropFirst().first?.hasPrefix("  \"") == true)
        #expect(lines.dropFirst().first?.hasPrefix("   ") == false)
    }

    @Test func aFileChangedSinceItWasReadIsRefusedAndLeftUntouched() throws {
        let path = try Fixture.copy("settings-2x.json")
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let updated = try updatedSettings(SettingsFile.parse(original), from: importedSnapshot())
        let edited = original + Data(" ".utf8)
        try edited.write(to: URL(fileURLWithPath: path))

        #expect(throws: SillyTavernError.fileChangedOnDisk(path: path)) {
            try writeSettings(updated, to: path, expectedOriginal: original, now: Fixture.now)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == edited)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(siblings == ["settings.json"], "no backup, no temporary file")
    }

    @Test func noSecretOutsideTheUntouchedConnectionManager() throws {
        let (_, _, written, backup) = try exported()
        let withoutManager = written.setting(["extension_settings", "connectionManager"], to: nil)
        #expect(!withoutManager.canonicalText.contains(Fixture.secret))
        let section = try #require(written["extension_settings", "auto_recap_memory"])
        #expect(!section.canonicalText.contains(Fixture.secret))
        // The connection manager itself is SillyTavern's and is left exactly as it was.
        let original = try SettingsFile.parse(Data(contentsOf: URL(fileURLWithPath: backup)))
        #expect(written["extension_settings", "connectionManager"] == original["extension_settings", "connectionManager"])
    }

    @Test func exportIntoAOnePointXFileWritesDefaultEntriesFromTheCatalog() throws {
        let settings = try Fixture.settings("settings-1x.json")
        let (plan, _) = try planLegacyMigration(settings, into: Fixture.emptySnapshot(), legacyDefaults: [Fixture.legacyDefaults])
        let snapshot = try Fixture.emptySnapshot().install(plan, Fixture.environment()).snapshot
        let updated = try updatedSettings(settings, from: snapshot)

        #expect(unmanaged(updated) == settings, "the 1.x keys and everything else stay")
        let current = try Catalog.autoRecap.operation("scene_recap").current
        let entry = try #require(updated["extension_settings", "auto_recap_memory", "operation_artifacts", "scene_recap", 0])
        #expect(entry["isDefault"] == .bool(true))
        #expect(entry["name"] == .string("Default"))
        #expect(entry["prompt"] == current.config["prompt"])
        #expect(updated["extension_settings", "auto_recap_memory", "operations_presets", "Alice RP", "operations", "scene_recap"]
            == .string("Alice RP (1.x)"))
        #expect(updated["extension_settings", "auto_recap_memory", "active_operations_preset_global"] == .string("Alice RP"))
    }
}
