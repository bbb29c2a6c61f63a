import Foundation
import PromptPresets
import PromptPresetsCatalogs
import SillyTavernInterop
import Testing

/// Files that are not what they should be: a one-line error naming the problem, nothing written.
@Suite struct BadInputTests {
    /// What `sillytavern export` does with a file: read, plan, write. Returns the error, if any.
    private func export(_ path: String) -> SillyTavernError? {
        do throws(SillyTavernError) {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { return .readFailed(path: path, reason: "\(error)") }
            let settings = try SettingsFile.parse(data)
            _ = try planSettingsImport(settings, into: Fixture.emptySnapshot())
            let updated = try updatedSettings(settings, from: Fixture.emptySnapshot())
            _ = try writeSettings(updated, to: path, expectedOriginal: data, now: Fixture.now)
            return nil
        } catch {
            return error
        }
    }

    enum BadFile: String, CaseIterable {
        // A single malformed artifact is not here: it is reported and kept (ExtensionOwnDataTests).
        case missingSection, truncated, arrayAtRoot, wrongTypeAtOperationArtifacts, duplicatedKey

        func bytes() throws -> Data {
            let original = try Fixture.data("settings-2x.json")
            let settings = try SettingsFile.parse(original)
            switch self {
            case .missingSection:
                return Data(settings.setting(sectionPath, to: nil).prettyText.utf8)
            case .truncated:
                return original.prefix(original.count / 2)
            case .arrayAtRoot:
                return Data("[\(settings.canonicalText)]".utf8)
            case .wrongTypeAtOperationArtifacts:
                return Data(settings.setting(sectionPath + ["operation_artifacts", "scene_recap"], to: .object([:])).prettyText.utf8)
            case .duplicatedKey:
                return Data(#"{"extension_settings": {}, "extension_settings": {}}"#.utf8)
            }
        }

        var expected: SillyTavernError {
            let base = "extension_settings.auto_recap_memory.operation_artifacts.scene_recap"
            switch self {
            case .missingSection: return .extensionSectionMissing
            case .arrayAtRoot: return .wrongType(path: "(root)", expected: "an object", found: "an array")
            case .wrongTypeAtOperationArtifacts: return .wrongType(path: base, expected: "an array", found: "an object")
            case .truncated: return .malformedJSON("the file looks truncated")
            case .duplicatedKey: return .malformedJSON("Duplicated key at $.extension_settings")
            }
        }
    }

    @Test(arguments: BadFile.allCases)
    func isRefusedInOneLineAndNothingIsWritten(_ file: BadFile) throws {
        let path = try Fixture.copy("settings-2x.json")
        let bytes = try file.bytes()
        try bytes.write(to: URL(fileURLWithPath: path))

        let error = try #require(export(path))
        if case .malformedJSON(let detail) = file.expected {
            guard case .malformedJSON(let actual) = error else {
                Issue.record("expected malformed JSON, got \(error)")
                return
            }
            #expect(actual.contains(detail))
        } else {
            #expect(error == file.expected)
        }
        #expect(!error.description.contains("\n"))
        #expect(error.description.count < 300)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(siblings == ["settings.json"])
    }

    @Test func messagesNameTheProblemAndWhere() throws {
        func parseError(_ data: Data) -> SillyTavernError? {
            do throws(SillyTavernError) {
                _ = try SettingsFile.parse(data)
                return nil
            } catch {
                return error
            }
        }
        let truncated = try #require(parseError(BadFile.truncated.bytes()))
        #expect(truncated.description.contains("truncated"))
        let duplicated = try #require(parseError(BadFile.duplicatedKey.bytes()))
        #expect(duplicated.description.contains("Duplicated key at $.extension_settings"))
        #expect(SillyTavernError.extensionSectionMissing.description.contains("extension_settings.auto_recap_memory"))
        #expect(BadFile.wrongTypeAtOperationArtifacts.expected.description
            == "settings.json: extension_settings.auto_recap_memory.operation_artifacts.scene_recap: expected an array, found an object.")
    }

    @Test func migrateAndExportAlsoRequireTheSection() throws {
        let settings = try SettingsFile.parse(BadFile.missingSection.bytes())
        #expect(throws: SillyTavernError.extensionSectionMissing) {
            try planLegacyMigration(settings, into: Fixture.emptySnapshot())
        }
        #expect(throws: SillyTavernError.extensionSectionMissing) {
            try updatedSettings(settings, from: Fixture.emptySnapshot())
        }
    }

    @Test func aWrongTypeInAOnePointXKeyIsRefusedWithItsPath() throws {
        let settings = try Fixture.settings("settings-1x.json")
            .setting(sectionPath + ["profiles", "Terse", "scene_recap_include_preset_prompts"], to: .string("yes"))
        #expect(throws: SillyTavernError.wrongType(
            path: "extension_settings.auto_recap_memory.profiles.Terse.scene_recap_include_preset_prompts",
            expected: "a boolean", found: "a string")) {
            try planLegacyMigration(settings, into: Fixture.emptySnapshot())
        }
    }
}
