import Foundation
import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

@Suite("Bundle format")
struct BundleTests {
    @Test("writes defaults as version references and versions with checksums")
    func exportShape() throws {
        let source = try SharingSupport.sourceSnapshot()
        let bob = try source.preset(named: "Bob")
        let document = try source.exportBundle(presets: [bob.id], exportedAt: SharingSupport.now)
        let root = try #require(document.objectValue)
        #expect(root["format"] == .string("prompt-presets.bundle"))
        #expect(root["version"] == .int(1))
        #expect(root["catalog"] == .string("auto-recap"))
        #expect(root["exported_at"]?.stringValue?.hasPrefix("2025-11-16T13:33:20") == true)
        let preset = try #require(root["presets"]?.arrayValue?.first?.objectValue)
        let operations = try #require(preset["operations"]?.objectValue)
        #expect(operations.count == Catalog.autoRecap.operations.count)
        #expect(operations["organize_scene_recap"] == .object(["default": .string("1.2.0")]))
        #expect(operations["scene_recap"] == .object(["artifact": .string("scene_recap:1")]))
        let artifacts = try #require(root["artifacts"]?.arrayValue)
        #expect(artifacts.count == 1)
        let artifact = try #require(artifacts.first?.objectValue)
        #expect(artifact["label"] == .string("Alice recap"))
        #expect(artifact["based_on"] == .string("1.1.0"))
        let config = try #require(artifact["config"])
        #expect(config.objectValue?["connection_profile"] == .string("Local Llama"))
        #expect(artifact["sha256"] == .string(Checksum.sha256Hex(config.canonicalText.utf8)))
        // No default text anywhere: the default scene-break prompt is not in the file.
        let text = document.canonicalText
        let defaultPrompt = try #require(Catalog.autoRecap["organize_scene_recap"]?.current.config["prompt"]?.stringValue)
        #expect(!text.contains(JSONValue.string(defaultPrompt).canonicalText))
        #expect(!text.contains("conn-7f3a-llama"))
    }

    @Test("round trip: export then import into an empty store gives equal presets and configs")
    func roundTrip() throws {
        let source = try SharingSupport.sourceSnapshot()
        let ids = try ["Alice", "Bob"].map { try source.preset(named: $0).id }
        let text = try source.exportBundle(presets: ids, exportedAt: SharingSupport.now).prettyText
        let target = SharingSupport.emptySnapshot(profiles: SharingSupport.profiles)
        let planned = try target.planImport(Data(text.utf8), options: ImportOptions())
        let imported = try SharingSupport.installing(planned.plan, into: target)

        for name in ["Alice", "Bob"] {
            let before = try source.preset(named: name)
            let after = try imported.preset(named: name)
            #expect(after.description == before.description)
            #expect(Set(after.operations.keys) == Set(before.operations.keys.filter { before.operations[$0] != nil }))
            #expect(SharingSupport.effectiveConfigs(of: after, in: imported) == SharingSupport.effectiveConfigs(of: before, in: source))
        }
        // Shared versions stay shared, keep label, description and basedOn, and are marked imported.
        let aliceRecap = try #require(try SharingSupport.artifact("scene_recap", of: "Alice", in: imported))
        let bobRecap = try #require(try SharingSupport.artifact("scene_recap", of: "Bob", in: imported))
        #expect(aliceRecap.id == bobRecap.id)
        #expect(aliceRecap.name == "Alice recap v1 (imported)")
        #expect(aliceRecap.label == "Alice recap")
        #expect(aliceRecap.description == "Her point of view.")
        #expect(aliceRecap.basedOn == SemanticVersion(1, 1, 0))
        #expect(aliceRecap.origin == .import)
        #expect(aliceRecap.config["connection_profile"] == .string("conn-7f3a-llama"))
        #expect(imported.artifacts.count == 3)
        #expect(planned.report.createdPresets.map(\.finalName) == ["Alice", "Bob"])
        #expect(planned.report.warnings.isEmpty)
    }

    @Test("importing a bundle into the store it came from reuses every version")
    func reimportReuses() throws {
        let source = try SharingSupport.sourceSnapshot()
        let alice = try source.preset(named: "Alice")
        let document = try source.exportBundle(presets: [alice.id], exportedAt: SharingSupport.now)
        let planned = try source.planBundleImport(document, options: ImportOptions())
        #expect(planned.plan.artifacts.isEmpty)
        #expect(planned.report.reusedArtifacts.map(\.name).sorted() == ["Alice recap v1", "Strict", "With spells"])
        #expect(planned.plan.presets.map(\.name) == ["Alice (1)"])
        let after = try SharingSupport.installing(planned.plan, into: source, prefix: "again")
        #expect(after.artifacts.count == source.artifacts.count)
        #expect(try after.preset(named: "Alice (1)").operations == alice.operations)
    }

    @Test("unknown connection-profile names become null with a warning naming them")
    func unknownProfileName() throws {
        let source = try SharingSupport.sourceSnapshot()
        let alice = try source.preset(named: "Alice")
        let document = try source.exportBundle(presets: [alice.id], exportedAt: SharingSupport.now)
        let planned = try SharingSupport.emptySnapshot().planBundleImport(document, options: ImportOptions())
        let recap = try #require(planned.plan.artifacts.first { $0.operation == "scene_recap" })
        #expect(recap.config["connection_profile"] == .null)
        #expect(planned.report.warnings.contains { $0.contains("'Local Llama'") && $0.contains("connection_profile") })
        #expect(planned.report.warnings.contains { $0.contains("'Claude'") && $0.contains("forced_connection_profile") })
    }

    @Test("a changed config is refused by its checksum")
    func checksumMismatch() throws {
        let source = try SharingSupport.sourceSnapshot()
        let alice = try source.preset(named: "Alice")
        var root = try #require(try source.exportBundle(presets: [alice.id], exportedAt: SharingSupport.now).objectValue)
        var artifacts = try #require(root["artifacts"]?.arrayValue)
        artifacts[0] = SharingSupport.setting(["config", "prompt"], to: .string("tampered"), in: artifacts[0])
        root["artifacts"] = .array(artifacts)
        #expect(throws: SharingError.checksumMismatch(artifact: "Alice recap v1", path: "$.artifacts[0].sha256")) {
            try SharingSupport.emptySnapshot().planBundleImport(.object(root), options: ImportOptions())
        }
    }

    @Test("refuses a bundle of another version or catalog")
    func versionAndCatalog() throws {
        let source = try SharingSupport.sourceSnapshot()
        let document = try source.exportBundle(presets: [], exportedAt: SharingSupport.now)
        let empty = SharingSupport.emptySnapshot()
        #expect(throws: SharingError.unsupportedVersion(path: "$.version", found: "2", supported: 1)) {
            try empty.planBundleImport(SharingSupport.setting(["version"], to: .int(2), in: document), options: ImportOptions())
        }
        #expect(throws: SharingError.catalogMismatch(expected: "auto-recap", found: "other")) {
            try empty.planBundleImport(SharingSupport.setting(["catalog"], to: .string("other"), in: document), options: ImportOptions())
        }
        #expect(throws: SharingError.wrongFormat(path: "$.format", expected: "\"prompt-presets.bundle\"", found: "\"zip\"")) {
            try empty.planBundleImport(SharingSupport.setting(["format"], to: .string("zip"), in: document), options: ImportOptions())
        }
    }

    @Test("a preset named Default is imported under a free name")
    func defaultPresetName() throws {
        let source = try SharingSupport.sourceSnapshot()
        let document = try source.exportBundle(presets: [.default], exportedAt: SharingSupport.now)
        #expect(document.objectValue?["artifacts"] == .array([]))
        let planned = try source.planBundleImport(document, options: ImportOptions())
        #expect(planned.plan.presets.map(\.name) == ["Default (1)"])
        #expect(planned.plan.presets.first?.operations.isEmpty == true)
        _ = try SharingSupport.installing(planned.plan, into: source, prefix: "x")
    }
}
