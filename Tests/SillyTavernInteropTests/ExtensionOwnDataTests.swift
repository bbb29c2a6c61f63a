import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// §9.4: everything the extension itself writes is accepted, and its identity is kept.
@Suite struct ExtensionOwnDataTests {
    private let own = "settings-extension-own.json"

    private func imported() throws -> (snapshot: Snapshot, report: SettingsImportReport) {
        let (plan, report) = try planSettingsImport(Fixture.settings(own), into: Fixture.emptySnapshot())
        return (try Fixture.emptySnapshot().install(plan, Fixture.environment()).snapshot, report)
    }

    @Test func oneMalformedArtifactIsReportedByPathAndTheRestImported() throws {
        let (snapshot, report) = try imported()
        let broken = try #require(report.items.first { $0.subject.contains("scene_recap[3]") })
        #expect(broken.outcome == .skipped)
        #expect(broken.detail.contains("prompt"))
        #expect(broken.detail.contains("kept as it is in settings.json"))
        #expect(snapshot.artifact(of: "scene_recap", named: "Terse v4") != nil)
        #expect(snapshot.artifact(of: "scene_recap", named: "Broken v5") == nil)
        let odd = try #require(report.items.first { $0.subject.contains("operations_presets.Odd") })
        #expect(odd.outcome == .skipped)
        #expect(try snapshot.storedPreset("Voyage").operations.count == 3)
    }

    @Test func entityTypeRowsWithoutGuidanceFlagAndNullDefaultsImport() throws {
        let (snapshot, _) = try imported()
        let types = try #require(snapshot.artifact(of: "entity_types", named: "Shared types (imported)"))
        #expect(types.config["defaults"] == .null)
        let rows = try #require(types.config["types"]?.arrayValue)
        #expect(rows[1].objectValue?["isGuidanceOnly"] == nil)
    }

    @Test func theTransientEntryDefaultsOperationIsReportedNotRefused() throws {
        let (_, report) = try imported()
        let item = try #require(report.items.first { $0.subject == "operation 'entry_defaults'" })
        #expect(item.outcome == .skipped)
        #expect(item.detail.contains("left in settings.json"))
    }

    @Test func namesNumbersLabelsAndTimesAreKept() throws {
        let (snapshot, _) = try imported()
        let terse = try #require(snapshot.artifact(of: "scene_recap", named: "Terse v4"))
        #expect(terse.number == 4)
        #expect(terse.label == "Terse")
        #expect(terse.createdAt == Date(timeIntervalSince1970: 1_764_000_200))
        #expect(terse.modifiedAt == Date(timeIntervalSince1970: 1_764_000_250))
        let v2 = try #require(snapshot.artifact(of: "scene_recap", named: "v2"))
        #expect(v2.number == 2)
        let voyage = try snapshot.storedPreset("Voyage")
        #expect(voyage.createdAt == Date(timeIntervalSince1970: 1_764_000_600))
        #expect(voyage.modifiedAt == Date(timeIntervalSince1970: 1_764_000_650))
    }

    @Test func newVersionsNeverTakeANumberTheExtensionUses() throws {
        let (snapshot, _) = try imported()
        // The malformed "Broken v5" was not imported, but its number 5 is the extension's.
        #expect(snapshot.counters["scene_recap"] == 5)
        let next = try snapshot.duplicateVersion("v2", of: "scene_recap", Fixture.environment()).value
        #expect(next.number == 6)
    }

    @Test func exportAfterImportWritesEveryObjectBackUnchanged() throws {
        let settings = try Fixture.settings(own)
        let (snapshot, _) = try imported()
        let rendered = try storeObjects(settings, from: snapshot)
        let file = SyncObjects(section: try #require(settings[sectionPath[0], sectionPath[1]]?.objectValue))
        for name in ["v2", "Terse v4"] {
            let key = SyncObjectKey(.artifact, group: "scene_recap", name)
            #expect(rendered[key] == file[key], "\(name)")
        }
        let types = SyncObjectKey(.artifact, group: "entity_types", "Shared types (imported)")
        #expect(rendered[types] == file[types])
        #expect(rendered[SyncObjectKey(.preset, "Voyage")]?["createdAt"] == .int(1_764_000_600_000))
        #expect(rendered[SyncObjectKey(.preset, "Voyage")]?["modifiedAt"] == .int(1_764_000_650_000))
    }

    // MARK: Its export files

    private func planned(_ name: String) throws -> ImportPlanResult {
        try Fixture.emptySnapshot().planImport(try Fixture.data(name), options: ImportOptions())
    }

    @Test func itsDefaultPresetExportImports() throws {
        let result = try planned("export-extension-default.json")
        #expect(result.plan.presets.count == 1)
        #expect(result.report.skippedOperations.isEmpty)
    }

    @Test func anEightOperationFileImportsTheRestFromDefaults() throws {
        let result = try planned("export-extension-8-operations.json")
        let outcome = try Fixture.emptySnapshot().install(result.plan, Fixture.environment())
        let preset = try outcome.snapshot.storedPreset("Harbour")
        #expect(Set(preset.operations.keys) == ["scene_recap"])
    }

    @Test func entryDefaultsFromItsShortLivedOperationLandInEntityTypes() throws {
        let result = try planned("export-extension-entry-defaults.json")
        let types = try #require(result.plan.artifacts.first { $0.operation == "entity_types" })
        #expect(types.config["defaults"]?["sticky"] == .int(9))
        #expect(types.config["defaults"]?["exclude_recursion"] == .bool(true))
        #expect(result.report.warnings.contains { $0.contains("entry_defaults") })
    }

    @Test func aFileCarryingTheExtensionsOwnDefaultMapsToTheDefault() throws {
        let document = try StrictJSON.parse(try Fixture.data("export-extension-8-operations.json"))
        let text = try #require(document["operations", "scene_recap", "prompt"])
        let shipped: Set<String> = [ImportOptions.fingerprint(operation: "scene_recap", field: "prompt", value: text)]
        let plain = try Fixture.emptySnapshot().planImport(document, options: ImportOptions())
        #expect(plain.plan.artifacts.contains { $0.operation == "scene_recap" })
        // Its prefill "{" is the catalog's; its connection profile is unknown here, so null.
        let known = try Fixture.emptySnapshot().planImport(document, options: ImportOptions(hostDefaults: shipped))
        #expect(!known.plan.artifacts.contains { $0.operation == "scene_recap" })
        #expect(known.report.defaultMappings.contains { $0.operation == "scene_recap" && $0.sourceName == "Harbour recap v3" })
        #expect(known.report.warnings.contains { $0.contains("host application's own default") })
    }

    @Test func extensionFormatRoundTripKeepsEveryFieldItWrites() throws {
        let document = try StrictJSON.parse(try Fixture.data("export-extension-custom.json"))
        let withProfile = try Fixture.emptySnapshot().install(
            InstallPlan(connectionProfiles: [ConnectionProfile(id: "5d0c9a3e-1f2b-4c6d-8e7f-0a1b2c3d4e5f", name: "Main", api: "openai")]),
            Fixture.environment()).snapshot
        let result = try withProfile.planImport(document, options: ImportOptions())
        let snapshot = try withProfile.install(result.plan, Fixture.environment()).snapshot
        let exported = try snapshot.exportExtension(preset: snapshot.storedPreset("Deep Space").id, exportedAt: Fixture.now)
        #expect(exported["preset_name"] == .string("Deep Space"))
        #expect(exported["preset_description"] == .string("Every operation customised"))
        let operations = try #require(document["operations"]?.objectValue)
        #expect(operations.count == Catalog.autoRecap.operations.count)
        for (operation, entry) in operations {
            for (field, value) in try #require(entry.objectValue) {
                let written = exported["operations", .key(operation), .key(field)]
                if field == "artifact_name" {
                    // As the extension's own importer does, the imported version is "<name> (imported)".
                    #expect(written == .string("\(value.stringValue ?? "") (imported)"), "\(operation).\(field)")
                } else {
                    #expect(written == value, "\(operation).\(field)")
                }
            }
        }
    }
}
