import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// `sillytavern import` of a 2.x settings file (§9.1).
@Suite struct SettingsImportTests {
    /// The fixture imported into an empty store.
    private func imported() throws -> (snapshot: Snapshot, report: SettingsImportReport) {
        let (plan, report) = try planSettingsImport(Fixture.settings("settings-2x.json"), into: Fixture.emptySnapshot())
        let outcome = try Fixture.emptySnapshot().install(plan, Fixture.environment())
        return (outcome.snapshot, report)
    }

    @Test func importsEveryUserArtifactWithItsNameLabelAndFullConfig() throws {
        let (snapshot, _) = try imported()
        #expect(snapshot.artifacts.count == 4, "only user artifacts: stored defaults are code")

        let v2 = try #require(snapshot.artifact(of: "scene_recap", named: "v2"))
        #expect(v2.config == Config([
            "prompt": .string("Write a detailed recap of the scene in {{messages}}. Keep every named character and every promise made.\nReturn JSON with keys outcomes, threads, state."),
            "prefill": .string("{"),
            "connection_profile": .string(Fixture.claudeMainID),
            "completion_preset_name": .string("Creative"),
            "include_preset_prompts": .bool(true),
        ]))
        #expect(v2.label == nil)
        #expect(v2.origin == .import)
        #expect(v2.basedOn == nil)

        let alice = try #require(snapshot.artifact(of: "scene_recap", named: "Detailed Recap for Alice"))
        #expect(alice.label == "Detailed Recap for Alice")
        #expect(alice.config == Config([
            "prompt": .string("Recap the scene in {{messages}} from Alice's point of view. Note her feelings & any <secret> she learns.\nReturn JSON."),
            "prefill": .string("{"),
            "connection_profile": .null,
            "completion_preset_name": .string(""),
            "include_preset_prompts": .bool(false),
        ]))

        let strict = try #require(snapshot.artifact(of: "auto_scene_break", named: "Strict Detection v3"))
        #expect(strict.label == "Strict Detection")
        #expect(strict.config == Config([
            "prompt": .string("Decide whether a new scene starts in {{messages}}. Only a change of place or a time skip counts."),
            "prefill": .string(""),
            "connection_profile": .string(Fixture.localLlamaID),
            "completion_preset_name": .string("Deterministic"),
            "include_preset_prompts": .bool(true),
            "forced_prompt": .string("A break must be placed. Pick the message in {{messages}} where the scene most clearly changes."),
            "forced_prefill": .string("{"),
            "forced_connection_profile": .null,
            "forced_completion_preset_name": .string(""),
            "forced_include_preset_prompts": .bool(false),
        ]))

        let types = try #require(snapshot.artifact(of: "entity_types", named: "v4"))
        let row = { (name: String, constant: JSONValue, usage: String, guidance: Bool) -> JSONValue in
            .object(["name": .string(name), "constant": constant, "usage": .string(usage), "isGuidanceOnly": .bool(guidance)])
        }
        #expect(types.config == Config([
            "types": .array([
                row("recap", .null, "Guidance row for the recap itself.", true),
                row("character", .bool(false), "People who appear in the story.", false),
                row("faction", .bool(true), "Groups with shared goals.", false),
            ]),
            "defaults": .object([
                "exclude_recursion": .bool(true), "prevent_recursion": .bool(false),
                "ignore_budget": .bool(true), "sticky": .int(2),
            ]),
        ]))
    }

    @Test func importsEveryPresetByArtifactName() throws {
        let (snapshot, _) = try imported()
        #expect(Set(snapshot.presets.values.map(\.name)) == ["Alice RP Setup", "Quick Chat", "Dangling"])

        let alice = try snapshot.storedPreset("Alice RP Setup")
        #expect(snapshot.artifactNames(of: alice) == [
            "scene_recap": "Detailed Recap for Alice", "auto_scene_break": "Strict Detection v3",
        ])
        #expect(alice.description == "Tuned for the Alice role-play")

        // Quick Chat lacks the later-added filter_scene_recap_sl: it uses the default.
        let quick = try snapshot.storedPreset("Quick Chat")
        #expect(snapshot.artifactNames(of: quick) == ["scene_recap": "v2", "entity_types": "v4"])
        #expect(quick.description == "")

        // Dangling names an artifact that no longer exists: the default, not a failure.
        let dangling = try snapshot.storedPreset("Dangling")
        #expect(dangling.operations.isEmpty)
    }

    @Test func importsStickiesAndTheGlobalSelection() throws {
        let (snapshot, report) = try imported()
        let name = { (id: PresetID?) in id.flatMap { snapshot.preset(id: $0)?.name } }
        #expect(snapshot.bindings.characters.mapValues { name($0) } == [
            "alice.png": "Alice RP Setup", "bob_the_smith.png": "Quick Chat",
        ])
        // The group chat's sticky is keyed by the group id, as the extension keys it.
        #expect(snapshot.bindings.chats.mapValues { name($0) } == [
            "Alice - 2025-11-02@14h31m08s": "Quick Chat", "group-1731000000000": "Alice RP Setup",
        ])
        #expect(name(snapshot.bindings.profiles["Default"]) == "Quick Chat")
        #expect(snapshot.bindings.count == 5)

        let ghost = try #require(report.skipped.first { $0.subject == "character 'ghost.png'" })
        #expect(ghost.detail.contains("Preset That Was Deleted"))
    }

    @Test func importsConnectionProfilesByIdAndNameOnly() throws {
        let (snapshot, _) = try imported()
        #expect(snapshot.connectionProfiles == [
            Fixture.claudeMainID: ConnectionProfile(id: Fixture.claudeMainID, name: "Claude Main", api: "claude"),
            Fixture.localLlamaID: ConnectionProfile(id: Fixture.localLlamaID, name: "Local Llama", api: "textgenerationwebui"),
        ])
    }

    @Test func reportsDanglingReferencesSkippedDefaultsAndIgnoredKeys() throws {
        let (_, report) = try imported()
        #expect(report.dangling.count == 1)
        let dangling = try #require(report.dangling.first)
        #expect(dangling.subject == "'Dangling'")
        #expect(dangling.detail.contains("'v9 (deleted)'"))
        #expect(report.skipped.filter { $0.kind == .artifact && $0.detail.contains("defaults are code") }.count == 13)
        #expect(report.skipped.contains { $0.kind == .preset && $0.subject == "'Default'" })
        #expect(report.skipped.contains { $0.subject.hasSuffix("auto_recap_memory.profiles") && $0.detail.contains("stale") })
        #expect(report.created.filter { $0.kind == .artifact }.count == 4)
        #expect(report.created.filter { $0.kind == .preset }.count == 3)
        #expect(report.text.contains("1 dangling"))
        #expect(report.jsonValue["counts", "dangling"] == .int(1))
    }

    @Test func reimportingTheSameFileCreatesNothing() throws {
        let (first, _) = try imported()
        let (plan, report) = try planSettingsImport(Fixture.settings("settings-2x.json"), into: first)
        #expect(plan.isEmpty)
        #expect(report.created.isEmpty)
        #expect(report.reused.filter { $0.kind == .artifact }.count == 4)
        let again = try first.install(plan, Fixture.environment())
        #expect(again.snapshot == first)
    }

    @Test func aDifferentStoredArtifactWithTheSameNameGetsAUniqueName() throws {
        let environment = Fixture.environment()
        let current = try Catalog.autoRecap.operation("scene_recap").current.config
        var mine = current
        mine["prompt"] = .string("My own {{messages}} recap.")
        let seeded = try Fixture.emptySnapshot().install(InstallPlan(artifacts: [
            .init(key: "mine", operation: "scene_recap", name: "v2", config: mine, basedOn: nil, origin: .edit),
        ]), environment).snapshot

        let (plan, _) = try planSettingsImport(Fixture.settings("settings-2x.json"), into: seeded)
        let snapshot = try seeded.install(plan, environment).snapshot
        #expect(snapshot.artifact(of: "scene_recap", named: "v2")?.config == mine)
        let quick = try snapshot.storedPreset("Quick Chat")
        #expect(snapshot.artifactNames(of: quick)["scene_recap"] == "v2 (2)")

        let (second, _) = try planSettingsImport(Fixture.settings("settings-2x.json"), into: snapshot)
        #expect(second.isEmpty)
    }

    @Test func aPresetChangedInTheFileUpdatesTheStoredOne() throws {
        let (first, _) = try imported()
        let changed = try Fixture.settings("settings-2x.json")
            .setting(sectionPath + ["operations_presets", "Quick Chat", "operations", "scene_recap"], to: .string("Detailed Recap for Alice"))
        let (plan, report) = try planSettingsImport(changed, into: first)
        #expect(plan.presets.count == 1)
        #expect(plan.presets.first?.existing == (try first.storedPreset("Quick Chat")).id)
        #expect(report.items(.updated).map(\.subject) == ["'Quick Chat'"])
        let snapshot = try first.install(plan, Fixture.environment()).snapshot
        #expect(snapshot.artifactNames(of: try snapshot.storedPreset("Quick Chat"))["scene_recap"] == "Detailed Recap for Alice")
    }

    @Test func anArtifactEqualToAKnownDefaultIsNotACustomisation() throws {
        let definition = try Catalog.autoRecap.operation("scene_recap")
        var entry = definition.history[0].config.fields
        entry["name"] = .string("Old default copy")
        entry["isDefault"] = .bool(false)
        let settings = try Fixture.settings("settings-2x.json")
        let list = try #require(settings[sectionPath[0], sectionPath[1], "operation_artifacts", "scene_recap"]?.arrayValue)
        let changed = settings
            .setting(sectionPath + ["operation_artifacts", "scene_recap"], to: .array(list + [.object(entry)]))
            .setting(sectionPath + ["operations_presets", "Quick Chat", "operations", "scene_recap"], to: .string("Old default copy"))
        let (plan, report) = try planSettingsImport(changed, into: Fixture.emptySnapshot())
        #expect(!plan.artifacts.contains { $0.name == "Old default copy" })
        #expect(plan.presets.first { $0.name == "Quick Chat" }?.operations["scene_recap"] == nil)
        let item = try #require(report.skipped.first { $0.subject == "scene_recap 'Old default copy'" })
        #expect(item.detail.contains("equal to default \(definition.history[0].version)"))
    }

    @Test func noConnectionSecretReachesTheStoreOrTheReport() throws {
        let (snapshot, report) = try imported()
        #expect(!snapshot.dump.contains(Fixture.secret))
        #expect(!report.text.contains(Fixture.secret))
        #expect(!report.jsonValue.canonicalText.contains(Fixture.secret))
        #expect(!String(describing: try planSettingsImport(Fixture.settings("settings-2x.json"), into: Fixture.emptySnapshot()).plan)
            .contains(Fixture.secret))
    }
}
