import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// `sillytavern migrate` of a 1.x settings file with per-profile flat keys (§9.2).
@Suite struct LegacyMigrationTests {
    private func migrated(
        _ settings: JSONValue? = nil, into snapshot: Snapshot = Fixture.emptySnapshot(),
        legacyDefaults: [LegacyDefaults] = [Fixture.legacyDefaults]
    ) throws -> (snapshot: Snapshot, report: MigrationReport) {
        let settings = try settings ?? Fixture.settings("settings-1x.json")
        let (plan, report) = try planLegacyMigration(settings, into: snapshot, legacyDefaults: legacyDefaults)
        return (try snapshot.install(plan, Fixture.environment()).snapshot, report)
    }

    private func defaultConfig(_ operation: String) throws -> Config {
        try Catalog.autoRecap.operation(operation).current.config
    }

    @Test func createsOnePresetPerProfileWithOnlyTheCustomisedOperations() throws {
        let (snapshot, report) = try migrated()
        #expect(report.foundLegacySettings)
        #expect(Set(snapshot.presets.values.map(\.name)) == ["Default (1.x)", "Alice RP", "Terse"])
        #expect(try snapshot.storedPreset("Default (1.x)").operations.isEmpty, "values equal to the 1.x defaults are not customisations")
        #expect(snapshot.artifactNames(of: try snapshot.storedPreset("Alice RP")) == [
            "scene_recap": "Alice RP (1.x)", "auto_scene_break": "Alice RP (1.x)", "running_scene_recap": "Alice RP (1.x)",
        ])
        #expect(snapshot.artifactNames(of: try snapshot.storedPreset("Terse")) == [
            "scene_recap": "Terse (1.x)", "scene_recap_error_detection": "Terse (1.x)", "auto_lorebooks_bulk_populate": "Terse (1.x)",
        ])
        #expect(snapshot.artifacts.count == 6)
        #expect(snapshot.artifacts.values.allSatisfy { $0.origin == .migration && $0.basedOn == nil })
    }

    @Test func readsEveryFlatKeyIntoTheConfig() throws {
        let (snapshot, _) = try migrated()
        let legacyPrefill = JSONValue.string("Acknowledged. Replying with JSON only:\n{")

        // Connection profile given by name (pre-UUID), completion preset from `_completion_preset`.
        var recap = try defaultConfig("scene_recap")
        recap["prompt"] = .string("Recap {{messages}} for Alice's story; keep her secrets, her promises & her <feelings>.")
        recap["prefill"] = legacyPrefill
        recap["connection_profile"] = .string(Fixture.claudeMainID)
        recap["completion_preset_name"] = .string("Creative")
        recap["include_preset_prompts"] = .bool(false)
        #expect(snapshot.artifact(of: "scene_recap", named: "Alice RP (1.x)")?.config == recap)

        // Forced extras kept; the forced fields 1.x never had take the current default's values.
        var sceneBreak = try defaultConfig("auto_scene_break")
        sceneBreak["prompt"] = .string("[1.x shipped default for auto_scene_break] Work through {{messages}} and answer in JSON.")
        sceneBreak["prefill"] = legacyPrefill
        sceneBreak["connection_profile"] = .null
        sceneBreak["completion_preset_name"] = .string("")
        sceneBreak["include_preset_prompts"] = .bool(true)
        sceneBreak["forced_prompt"] = .string("Alice edition: force a break where the mood turns in {{messages}}.")
        sceneBreak["forced_prefill"] = legacyPrefill
        #expect(snapshot.artifact(of: "auto_scene_break", named: "Alice RP (1.x)")?.config == sceneBreak)

        #expect(snapshot.artifact(of: "running_scene_recap", named: "Alice RP (1.x)")?.config["include_preset_prompts"] == .bool(true))
        // `scene_recap_error_detection_preset` is that operation's completion preset.
        #expect(snapshot.artifact(of: "scene_recap_error_detection", named: "Terse (1.x)")?.config["completion_preset_name"] == .string("Strict"))
        // Connection profile given by UUID.
        #expect(snapshot.artifact(of: "auto_lorebooks_bulk_populate", named: "Terse (1.x)")?.config["connection_profile"] == .string(Fixture.localLlamaID))
        #expect(snapshot.artifact(of: "scene_recap", named: "Terse (1.x)")?.config["prompt"] == .string("One-paragraph recap of {{messages}}."))
    }

    @Test func bindsTheActiveProfileCharactersAndChats() throws {
        let (snapshot, _) = try migrated()
        let name = { (id: PresetID?) in id.flatMap { snapshot.preset(id: $0)?.name } }
        #expect(name(snapshot.bindings.profiles["Default"]) == "Alice RP")
        #expect(snapshot.bindings.characters.mapValues { name($0) } == ["alice.png": "Alice RP"])
        #expect(snapshot.bindings.chats.mapValues { name($0) } == ["Terse chat - 2025-10-01@09h00m00s": "Terse"])
        #expect(snapshot.bindings.count == 3)
        #expect(snapshot.connectionProfiles.count == 2)
    }

    @Test func reportListsEveryLegacyKeyAndWhereItWent() throws {
        let settings = try Fixture.settings("settings-1x.json")
        let (_, report) = try migrated(settings)
        let section = try #require(settings[sectionPath[0], sectionPath[1]]?.objectValue)
        var expected: [String] = []
        let base = "extension_settings.auto_recap_memory"
        for key in section.keys where !["profiles", "character_profiles", "chat_profiles"].contains(key) {
            expected.append("\(base).\(key)")
        }
        for (profile, copy) in try #require(section["profiles"]?.objectValue) {
            let path = profile.contains(" ") ? "\(base).profiles[\"\(profile)\"]" : "\(base).profiles.\(profile)"
            expected.append(path)
            for key in try #require(copy.objectValue).keys { expected.append("\(path).\(key)") }
        }
        expected.append("\(base).character_profiles[\"alice.png\"]")
        expected.append("\(base).chat_profiles[\"Terse chat - 2025-10-01@09h00m00s\"]")
        #expect(Set(report.keys.map(\.path)) == Set(expected))
        #expect(report.keys.count == expected.count)

        let alice = "\(base).profiles[\"Alice RP\"]"
        #expect(report.destination(of: "\(base).debug_mode")?.hasPrefix("ignored: not a prompt setting") == true)
        #expect(report.destination(of: "\(alice).max_retries")?.hasPrefix("ignored: not a prompt setting") == true)
        #expect(report.destination(of: "\(alice).scene_recap_prompt") == "preset 'Alice RP' scene_recap.prompt → new artifact 'Alice RP (1.x)'")
        #expect(report.destination(of: "\(alice).scene_recap_connection_profile")?.contains("'Claude Main' → id \(Fixture.claudeMainID)") == true)
        #expect(report.destination(of: "\(base).profiles.Default.scene_recap_prompt")?
            .contains("= 1.x shipped default, not a customisation") == true)
        #expect(report.destination(of: "\(base).profiles.Terse.scene_recap_error_detection_preset")?
            .contains("scene_recap_error_detection.completion_preset_name → new artifact 'Terse (1.x)'") == true)
        #expect(report.destination(of: "\(base).scene_recap_prompt")?.hasPrefix("live copy of the active profile 'Alice RP'") == true)
        #expect(report.destination(of: "\(base).profile")?.contains("bound to profile 'Default'") == true)
        #expect(report.text.contains("Legacy keys (\(expected.count)):"))
        #expect(report.jsonValue["keys"]?.arrayValue?.count == expected.count)
    }

    @Test func aSecondRunCreatesNothing() throws {
        let (first, _) = try migrated()
        let (plan, report) = try planLegacyMigration(Fixture.settings("settings-1x.json"), into: first, legacyDefaults: [Fixture.legacyDefaults])
        #expect(plan.isEmpty)
        #expect(report.items(.created).isEmpty)
        #expect(try first.install(plan, Fixture.environment()).snapshot == first)
    }

    @Test func identicalCustomisedConfigsAcrossProfilesShareOneArtifact() throws {
        var settings = try Fixture.settings("settings-1x.json")
        for suffix in ["prompt", "prefill", "connection_profile", "completion_preset", "include_preset_prompts"] {
            let value = settings[sectionPath[0], sectionPath[1], "profiles", "Alice RP", .key("scene_recap_\(suffix)")]
            settings = settings.setting(sectionPath + ["profiles", "Terse", .key("scene_recap_\(suffix)")], to: value)
        }
        let (snapshot, report) = try migrated(settings)
        #expect(snapshot.artifacts(of: "scene_recap").map(\.name) == ["Alice RP (1.x)"])
        let shared = try #require(snapshot.artifact(of: "scene_recap", named: "Alice RP (1.x)")).id
        #expect(try snapshot.storedPreset("Terse").operations["scene_recap"] == shared)
        #expect(try snapshot.storedPreset("Alice RP").operations["scene_recap"] == shared)
        #expect(report.destination(of: "extension_settings.auto_recap_memory.profiles.Terse.scene_recap_prompt")?.contains("shared") == true)
    }

    @Test func aValueEqualToACatalogDefaultVersionIsNotACustomisation() throws {
        let old = try Catalog.autoRecap.operation("scene_recap").history[0]
        let settings = try Fixture.settings("settings-1x.json")
            .setting(sectionPath + ["profiles", "Terse", "scene_recap_prompt"], to: old.config["prompt"])
            .setting(sectionPath + ["profiles", "Terse", "scene_recap_prefill"], to: old.config["prefill"])
        let (snapshot, report) = try migrated(settings)
        #expect(try snapshot.storedPreset("Terse").operations["scene_recap"] == nil)
        #expect(report.destination(of: "extension_settings.auto_recap_memory.profiles.Terse.scene_recap_prompt")?
            .contains("= default \(old.version), not a customisation") == true)
    }

    @Test func withoutTheOldDefaultsEveryValueIsStillKept() throws {
        let (snapshot, report) = try migrated(legacyDefaults: [])
        // Nothing is recognised as a default, so every profile's values become artifacts, and the
        // profiles sharing unchanged values share them.
        let defaultPreset = try snapshot.storedPreset("Default (1.x)")
        #expect(defaultPreset.operations.count == 8)
        #expect(try snapshot.storedPreset("Terse").operations["auto_lorebooks_recap_merge"] == defaultPreset.operations["auto_lorebooks_recap_merge"])
        #expect(report.keys.allSatisfy { !$0.destination.contains("shipped default") })
    }

    @Test func liveSettingsThatDifferFromTheActiveProfileBecomeTheirOwnPreset() throws {
        let settings = try Fixture.settings("settings-1x.json")
            .setting(sectionPath + ["scene_recap_prompt"], to: .string("Unsaved live edit of {{messages}}."))
        let (snapshot, report) = try migrated(settings)
        let live = try snapshot.storedPreset("Alice RP (live settings)")
        #expect(snapshot.bindings.profiles["Default"] == live.id)
        #expect(snapshot.artifacts[live.operations["scene_recap"]!]?.config["prompt"] == .string("Unsaved live edit of {{messages}}."))
        #expect(report.destination(of: "extension_settings.auto_recap_memory.scene_recap_prompt")?
            .hasPrefix("preset 'Alice RP (live settings)' scene_recap.prompt") == true)
    }

    @Test func aTwoPointXFileHasNothingToMigrate() throws {
        let (plan, report) = try planLegacyMigration(Fixture.settings("settings-2x.json"), into: Fixture.emptySnapshot())
        #expect(plan.isEmpty)
        #expect(!report.foundLegacySettings)
        #expect(report.text.contains("nothing to migrate"))
    }

    @Test func noConnectionSecretReachesTheStoreOrTheReport() throws {
        let (snapshot, report) = try migrated()
        #expect(!snapshot.dump.contains(Fixture.secret))
        #expect(!report.text.contains(Fixture.secret))
        #expect(!report.jsonValue.canonicalText.contains(Fixture.secret))
    }
}
