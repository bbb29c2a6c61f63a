import Foundation
import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

@Suite("Extension format")
struct ExtensionFormatTests {
    @Test("exports every catalog operation with full text and profile names only")
    func exportShape() throws {
        let source = try SharingSupport.sourceSnapshot()
        let alice = try source.preset(named: "Alice")
        let document = try source.exportExtension(preset: alice.id, exportedAt: SharingSupport.now)
        let root = try #require(document.objectValue)
        #expect(root["format_version"] == .string("1.0"))
        #expect(root["exported_at"] == .int(1_763_300_000_000))
        #expect(root["preset_name"] == .string("Alice"))
        #expect(root["preset_description"] == .string("Alice's setup"))
        let operations = try #require(root["operations"]?.objectValue)
        #expect(Set(operations.keys) == Set(Catalog.autoRecap.operationKeys))

        let recap = try #require(operations["scene_recap"]?.objectValue)
        #expect(Set(recap.keys) == ["artifact_name", "prompt", "prefill", "connection_profile_name",
                                    "completion_preset_name", "include_preset_prompts"])
        #expect(recap["artifact_name"] == .string("Alice recap v1"))
        #expect(recap["connection_profile_name"] == .string("Local Llama"))

        let sceneBreak = try #require(operations["auto_scene_break"]?.objectValue)
        #expect(sceneBreak["forced_connection_profile_name"] == .string("Claude"))
        #expect(sceneBreak["connection_profile_name"] == .null)
        for key in ["forced_prompt", "forced_prefill", "forced_completion_preset_name", "forced_include_preset_prompts"] {
            #expect(sceneBreak[key] != nil, "\(key)")
        }

        let organize = try #require(operations["organize_scene_recap"]?.objectValue)
        #expect(organize["artifact_name"] == .string("Default"))
        #expect(organize["prompt"] == Catalog.autoRecap["organize_scene_recap"]!.current.config["prompt"])

        let entityTypes = try #require(operations["entity_types"]?.objectValue)
        #expect(Set(entityTypes.keys) == ["artifact_name", "types", "defaults"])

        let text = document.canonicalText
        #expect(!text.contains("conn-7f3a-llama") && !text.contains("conn-91bc-claude"))
    }

    @Test("round trip: export then import into an empty store gives equal configs")
    func roundTrip() throws {
        let source = try SharingSupport.sourceSnapshot()
        for name in ["Alice", "Bob"] {
            let preset = try source.preset(named: name)
            let text = try source.exportExtension(preset: preset.id, exportedAt: SharingSupport.now).prettyText
            let target = SharingSupport.emptySnapshot(profiles: SharingSupport.profiles)
            let planned = try target.planImport(Data(text.utf8), options: ImportOptions())
            let imported = try SharingSupport.installing(planned.plan, into: target)
            let after = try imported.preset(named: name)
            #expect(SharingSupport.effectiveConfigs(of: after, in: imported) == SharingSupport.effectiveConfigs(of: preset, in: source))
            #expect(Set(after.operations.keys) == Set(preset.operations.keys))
            #expect(planned.report.warnings.isEmpty, "\(planned.report.warnings)")
        }
    }

    @Test("the Alice fixture imports into an empty store")
    func aliceFixture() throws {
        let empty = SharingSupport.emptySnapshot()
        let planned = try empty.planImport(try SharingSupport.aliceExport(), options: ImportOptions())
        let store = try SharingSupport.installing(planned.plan, into: empty)
        let preset = try store.preset(named: "Alice RP Setup")
        #expect(preset.description == "Tuned for the Alice role-play")
        // Only the two customised operations get versions; the "Default" entries use our defaults.
        #expect(Set(preset.operations.keys) == ["scene_recap", "auto_scene_break"])

        let recap = try #require(try SharingSupport.artifact("scene_recap", of: "Alice RP Setup", in: store))
        #expect(recap.name == "Detailed Recap for Alice (imported)")
        #expect(recap.origin == .import)
        #expect(recap.basedOn == nil)
        #expect(recap.config["prompt"]?.stringValue?.hasPrefix("Recap the scene in {{messages}} from Alice's point of view.") == true)
        #expect(recap.config["prefill"] == .string("{"))

        let sceneBreak = try #require(try SharingSupport.artifact("auto_scene_break", of: "Alice RP Setup", in: store))
        #expect(sceneBreak.name == "Strict Detection v3 (imported)")
        #expect(sceneBreak.label == "Strict Detection")
        #expect(sceneBreak.config["connection_profile"] == .null)
        #expect(sceneBreak.config["completion_preset_name"] == .string("Deterministic"))
        #expect(sceneBreak.config["include_preset_prompts"] == .bool(true))
        // The 1.0 file predates the forced_* fields: they come from the current default.
        let current = Catalog.autoRecap["auto_scene_break"]!.current.config
        #expect(sceneBreak.config["forced_prompt"] == current["forced_prompt"])
        #expect(sceneBreak.config["forced_connection_profile"] == .null)

        #expect(planned.report.createdPresets == [.init(originalName: "Alice RP Setup", finalName: "Alice RP Setup")])
        #expect(planned.report.createdArtifacts.map(\.name).sorted() == ["Detailed Recap for Alice (imported)", "Strict Detection v3 (imported)"])
        #expect(planned.report.defaultMappings.count == 11)
        #expect(planned.report.defaultMappings.allSatisfy { $0.sourceName == "Default" && $0.matchedVersion == nil })
        #expect(planned.report.warnings.contains {
            $0.contains("'Local Llama'") && $0.contains("$.operations.auto_scene_break.connection_profile_name")
        })
    }

    @Test("a known connection-profile name maps back to its id")
    func knownProfile() throws {
        let snapshot = SharingSupport.emptySnapshot(profiles: [ConnectionProfile(id: "llama-id", name: "Local Llama")])
        let planned = try snapshot.planImport(try SharingSupport.aliceExport(), options: ImportOptions())
        let sceneBreak = try #require(planned.plan.artifacts.first { $0.operation == "auto_scene_break" })
        #expect(sceneBreak.config["connection_profile"] == .string("llama-id"))
        #expect(!planned.report.warnings.contains { $0.contains("Local Llama") })
    }

    @Test("importing the same file twice creates no new versions the second time")
    func importTwice() throws {
        let data = try SharingSupport.aliceExport()
        var store = SharingSupport.emptySnapshot()
        let first = try store.planImport(data, options: ImportOptions())
        store = try SharingSupport.installing(first.plan, into: store, prefix: "first")
        let artifactsAfterFirst = store.artifacts

        let second = try store.planImport(data, options: ImportOptions())
        #expect(second.plan.artifacts.isEmpty)
        #expect(second.report.createdArtifacts.isEmpty)
        #expect(second.report.reusedArtifacts.map(\.name).sorted() == ["Detailed Recap for Alice (imported)", "Strict Detection v3 (imported)"])
        #expect(second.report.createdPresets == [.init(originalName: "Alice RP Setup", finalName: "Alice RP Setup (1)")])
        store = try SharingSupport.installing(second.plan, into: store, prefix: "second")
        #expect(store.artifacts == artifactsAfterFirst)
        #expect(try store.preset(named: "Alice RP Setup (1)").operations == store.preset(named: "Alice RP Setup").operations)

        let third = try store.planImport(data, options: ImportOptions())
        #expect(third.plan.presets.map(\.name) == ["Alice RP Setup (2)"])
    }

    @Test("a config equal to an older default version maps to the default")
    func olderDefaultVersion() throws {
        let definition = Catalog.autoRecap["scene_recap"]!
        let old = definition.history[0]
        let document = SharingSupport.setting(
            ["operations"],
            to: .object(["scene_recap": .object([
                "artifact_name": .string("My recap"),
                "prompt": old.config["prompt"]!,
                "prefill": old.config["prefill"]!,
                "connection_profile_name": .null,
                "completion_preset_name": .string(""),
                "include_preset_prompts": .bool(false),
            ])]),
            in: try SharingSupport.aliceDocument())
        let planned = try SharingSupport.emptySnapshot().planExtensionImport(document, options: ImportOptions())
        #expect(planned.plan.artifacts.isEmpty)
        #expect(planned.report.defaultMappings == [.init(operation: "scene_recap", sourceName: "My recap", matchedVersion: old.version)])
    }

    @Test("identical configs in one file share one new version; names already taken get a number")
    func sharingAndNaming() throws {
        var store = SharingSupport.emptySnapshot()
        store = try SharingSupport.installing(InstallPlan(artifacts: [
            .init(key: "a", operation: "scene_recap", name: "Mine (imported)",
                  config: SharingSupport.config("scene_recap", ["prompt": .string("other {{messages}}")]), basedOn: nil, origin: .edit),
        ]), into: store, prefix: "pre")
        let bundle = JSONValue.object([
            "format": .string("prompt-presets.bundle"), "version": .int(1), "catalog": .string("auto-recap"),
            "exported_at": .string("2025-11-16T13:33:20Z"),
            "artifacts": .array(["k1", "k2"].map { key in
                let config = SharingSupport.config("scene_recap", ["prompt": .string("same {{messages}}")]).jsonValue
                return .object(["key": .string(key), "operation": .string("scene_recap"), "name": .string("Mine"),
                                "label": .null, "description": .string(""), "based_on": .null, "config": config,
                                "sha256": .string(Checksum.sha256Hex(config.canonicalText.utf8))])
            }),
            "presets": .array([
                .object(["name": .string("P"), "description": .string(""),
                         "operations": .object(["scene_recap": .object(["artifact": .string("k1")])])]),
                .object(["name": .string("P"), "description": .string(""),
                         "operations": .object(["scene_recap": .object(["artifact": .string("k2")])])]),
            ]),
        ])
        let planned = try store.planBundleImport(bundle, options: ImportOptions())
        #expect(planned.plan.artifacts.map(\.name) == ["Mine (imported) (2)"])
        #expect(planned.plan.presets.map(\.name) == ["P", "P (1)"])
        #expect(planned.plan.presets[0].operations == planned.plan.presets[1].operations)
        _ = try SharingSupport.installing(planned.plan, into: store, prefix: "post")
    }

    @Test("a bundle given to the extension importer is refused with a message saying what it is")
    func bundleIsNotAnExtensionFile() throws {
        let source = try SharingSupport.sourceSnapshot()
        let bundle = try source.exportBundle(presets: [], exportedAt: SharingSupport.now)
        do {
            _ = try source.planExtensionImport(bundle, options: ImportOptions())
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("a prompt-presets bundle"))
        }
        // The format-detecting entry point reads it as a bundle.
        #expect(try source.planImport(bundle, options: ImportOptions()).plan.isEmpty)
    }

    @Test("labels drop a trailing version number", arguments: [
        ("Strict Detection v3", "Strict Detection"), ("Alice recap", "Alice recap"), ("v2", nil), ("Mood v", "Mood v"),
    ] as [(String, String?)])
    func labels(name: String, label: String?) {
        #expect(Snapshot.importedLabel(name) == label)
    }
}
