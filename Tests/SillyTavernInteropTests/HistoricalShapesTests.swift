import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// §9.6–§9.7: the 1.0.x namespace, the legacy entity types and entry defaults, and the
/// fingerprints of the extension's own defaults.
@Suite struct HistoricalShapesTests {
    private func migrated() throws -> (snapshot: Snapshot, report: MigrationReport) {
        let (plan, report) = try planLegacyMigration(Fixture.settings("settings-1.0.x.json"), into: Fixture.emptySnapshot())
        return (try Fixture.emptySnapshot().install(plan, Fixture.environment()).snapshot, report)
    }

    @Test func theOnePointZeroNamespaceMigrates() throws {
        let (snapshot, report) = try migrated()
        #expect(report.foundLegacySettings)
        let mariner = try snapshot.storedPreset("Mariner")
        let names = snapshot.artifactNames(of: mariner)
        #expect(names["scene_recap"] == "Mariner (1.x)")
        #expect(names["running_scene_recap"] == "Mariner (1.x)")
        #expect(names["auto_lorebooks_recap_merge"] == "Mariner (1.x)")
        let recap = try #require(snapshot.artifact(of: "scene_recap", named: "Mariner (1.x)"))
        #expect(recap.config["prompt"] == .string("Summarise {{scene_messages}} as a harbour master's ledger."))
        let merge = try #require(snapshot.artifact(of: "auto_lorebooks_recap_merge", named: "Mariner (1.x)"))
        #expect(merge.config["prompt"] == .string("Merge {{new_content}} into {{existing_content}} carefully."))
        #expect(snapshot.bindings[.character("mariner.png")] == mariner.id)
    }

    @Test func everyKeyOfTheOldNamespaceIsReported() throws {
        let (_, report) = try migrated()
        let section = "extension_settings.auto_summarize_memory"
        let settings = try Fixture.settings("settings-1.0.x.json")
        let keys = try #require(settings["extension_settings", "auto_summarize_memory", "profiles", "Mariner"]?.objectValue).keys
        for key in keys {
            #expect(report.destination(of: "\(section).profiles.Mariner.\(key)") != nil, "\(key)")
        }
        #expect(report.destination(of: "\(section).profiles.Mariner.scene_summary_prompt")?.contains("scene_recap.prompt") == true)
        #expect(report.destination(of: "\(section).profiles.Mariner.debug_mode")?.hasPrefix("ignored") == true)
    }

    @Test func theLegacyEntityTypeListAndEntryDefaultsMigrate() throws {
        let (snapshot, _) = try migrated()
        let types = try #require(snapshot.artifact(of: "entity_types", named: "Mariner (1.x)"))
        let rows = try #require(types.config["types"]?.arrayValue)
        #expect(rows.map { $0["name"] } == [.string("character"), .string("sea_monster"), .string("port")])
        #expect(rows[1]["constant"] == .bool(true))
        #expect(rows[0]["constant"] == .bool(false))
        #expect(types.config["defaults"]?["sticky"] == .int(7))
        #expect(types.config["defaults"]?["ignore_budget"] == .bool(true))
    }

    @Test func unchangedEntryDefaultsAloneAreNoLegacyData() throws {
        // Today's extension still writes auto_lorebooks_entry_* at their defaults: nothing to migrate.
        let settings = try Fixture.settings("settings-extension-own.json")
            .setting(sectionPath + ["auto_lorebooks_entry_sticky"], to: .int(4))
            .setting(sectionPath + ["auto_lorebooks_entry_ignore_budget"], to: .bool(true))
        let (plan, report) = try planLegacyMigration(settings, into: Fixture.emptySnapshot())
        #expect(!report.foundLegacySettings)
        #expect(plan.isEmpty)
    }

    @Test func aBadLegacyEntityTypeListIsRefusedByPath() throws {
        let settings = try Fixture.settings("settings-1.0.x.json")
            .setting(["extension_settings", "auto_summarize_memory", "profiles", "Mariner", "autoLorebooks", "entity_types"], to: .int(3))
        #expect {
            try planLegacyMigration(settings, into: Fixture.emptySnapshot())
        } throws: { error in
            (error as? SillyTavernError)?.description.contains("profiles.Mariner.autoLorebooks.entity_types") == true
        }
    }

    // MARK: Fingerprints

    @Test func theTableCoversEveryPromptOperation() throws {
        for definition in Catalog.autoRecap.operations {
            let entries = UpstreamFingerprints.entries(of: definition.key)
            #expect(!entries.isEmpty, "\(definition.key)")
            #expect(entries.allSatisfy { $0.sha256.count == 64 && $0.commit.count == 12 })
        }
    }

    @Test func digestsFollowTheGeneratorsCanonicalForm() {
        // Computed by Scripts/upstream-fingerprints.py's canonical() for the same value.
        let value = JSONValue.array([.object([
            "name": .string("a\"b\n"), "constant": .null, "usage": .string("x\u{2028}y\u{01}"), "isGuidanceOnly": .bool(true),
        ])])
        #expect(UpstreamFingerprints.digest(value) == "3aa7fc0b69dfaa04ff2c972f16763e35c3cabaf666889bceb3e387956dbec410")
        #expect(UpstreamFingerprints.digest(.string("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func aShippedValueIsNotACustomisation() throws {
        let definition = try Catalog.autoRecap.operation("scene_recap")
        let shipped = "An old shipped text about {{scene_messages}}."
        let table = [UpstreamFingerprints.Entry(
            "scene_recap", "prompt", UpstreamFingerprints.digest(.string(shipped)), release: "1.0.3", commit: "0123456789ab", date: "2025-06-26")]
        let lookup = { (operation: String, field: String, value: JSONValue) in
            table.first { $0.operation == operation && $0.field == field && $0.sha256 == UpstreamFingerprints.digest(value) }
        }
        var config = definition.current.config
        config["prompt"] = .string(shipped)
        let untouched = UpstreamFingerprints.normalised(config, of: definition, lookup: lookup)
        #expect(untouched.config == definition.current.config)
        #expect(untouched.matches["prompt"]?.release == "1.0.3")

        config["prefill"] = .string("A prefill the user wrote")
        let partly = UpstreamFingerprints.normalised(config, of: definition, lookup: lookup)
        #expect(partly.config["prompt"] == definition.current.config["prompt"])
        #expect(partly.config["prefill"] == .string("A prefill the user wrote"))
    }
}
