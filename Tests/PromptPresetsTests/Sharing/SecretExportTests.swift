import Foundation
import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

/// Property tests: key-shaped strings never leave in an export unless the caller explicitly allows it.
@Suite("Secrets in exports")
struct SecretExportTests {
    /// A random key-shaped string of one of the shapes the scanner knows.
    static func keyShaped(_ shape: Int, using generator: inout SharingSupport.SeededGenerator) -> String {
        let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func random(_ count: Int, from alphabet: [Character] = alphanumerics) -> String {
            String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
        }
        switch shape % 6 {
        case 0: return "sk-" + random(40)
        case 1: return "sk-ant-api03-" + random(40)
        case 2: return "AIza" + random(35)
        case 3: return "ghp_" + random(36)
        case 4: return "xoxb-" + random(12, from: Array("0123456789")) + "-" + random(24)
        default:
            // A long random token; make sure it mixes letters and digits, as real ones do.
            return random(20) + "7" + random(20) + "q"
        }
    }

    static let configFields = ["prompt", "prefill", "completion_preset_name"]

    /// A store with one preset whose scene recap holds `secret` in `field` (surrounded by prose),
    /// and whose scene-break detection uses a connection profile whose id is `profileID`.
    static func store(secret: String, in field: String, profileID: String) throws -> (Snapshot, PresetID) {
        let value: String = field == "prompt" ? "Recap {{messages}} with {{entity_types}}. Key: \(secret) thanks" : "x \(secret) y"
        let plan = InstallPlan(
            artifacts: [
                .init(key: "recap", operation: "scene_recap", name: "Leaky",
                      config: SharingSupport.config("scene_recap", [field: .string(value)]), basedOn: nil, origin: .edit),
                .init(key: "break", operation: "auto_scene_break", name: "Profiled",
                      config: SharingSupport.config("auto_scene_break", [
                          "connection_profile": .string(profileID), "forced_connection_profile": .string(profileID),
                      ]),
                      basedOn: nil, origin: .edit),
            ],
            presets: [.init(name: "Leaky preset", operations: ["scene_recap": .new(key: "recap"), "auto_scene_break": .new(key: "break")])])
        let snapshot = try SharingSupport.installing(
            plan, into: SharingSupport.emptySnapshot(profiles: [ConnectionProfile(id: profileID, name: "Work API")]))
        return (snapshot, try snapshot.preset(named: "Leaky preset").id)
    }

    /// Both formats' export of `preset`.
    static func exports(_ snapshot: Snapshot, _ preset: PresetID, allowSecrets: Bool) throws(SharingError) -> [JSONValue] {
        [
            try snapshot.exportBundle(presets: [preset], exportedAt: SharingSupport.now, allowSecrets: allowSecrets),
            try snapshot.exportExtension(preset: preset, exportedAt: SharingSupport.now, allowSecrets: allowSecrets),
        ]
    }

    @Test("connection-profile ids never appear in an export, whatever they look like")
    func profileIDsNeverLeave() throws {
        var generator = SharingSupport.SeededGenerator(seed: 7)
        for round in 0..<60 {
            let id = Self.keyShaped(round, using: &generator)
            let (snapshot, preset) = try Self.store(secret: "", in: "prefill", profileID: id)
            for export in try Self.exports(snapshot, preset, allowSecrets: false) {
                let text = export.canonicalText
                #expect(!text.contains(id), "round \(round): \(id)")
                #expect(text.contains("Work API"))
            }
            // Even when secrets are allowed, an id is never written: only names travel.
            for export in try Self.exports(snapshot, preset, allowSecrets: true) {
                #expect(!export.canonicalText.contains(id))
            }
        }
    }

    @Test("a key-shaped string in a config field stops the export, naming the field but not the key")
    func configSecretsStopExport() throws {
        var generator = SharingSupport.SeededGenerator(seed: 2025)
        for round in 0..<60 {
            let secret = Self.keyShaped(round, using: &generator)
            let field = Self.configFields[round % Self.configFields.count]
            let (snapshot, preset) = try Self.store(secret: secret, in: field, profileID: "profile-\(round)")
            for (index, format) in ["bundle", "extension"].enumerated() {
                do {
                    if index == 0 {
                        _ = try snapshot.exportBundle(presets: [preset], exportedAt: SharingSupport.now)
                    } else {
                        _ = try snapshot.exportExtension(preset: preset, exportedAt: SharingSupport.now)
                    }
                    Issue.record("round \(round) (\(format)): \(field) holding \(secret) was exported")
                } catch {
                    guard case .secretsFound(let findings) = error else {
                        Issue.record("round \(round): unexpected \(error)")
                        continue
                    }
                    let expectedPath = index == 0 ? "artifacts[0].config.\(field)" : "operations.scene_recap.\(field)"
                    #expect(findings.map(\.path) == [expectedPath], "round \(round) (\(format)): \(secret)")
                    #expect(error.description.contains(expectedPath))
                    #expect(error.description.contains("--allow-secrets"))
                    #expect(!error.description.contains(String(secret.prefix(8))))
                }
            }
            // With secrets allowed the key is there: the scanner, not something else, is what stopped it.
            for export in try Self.exports(snapshot, preset, allowSecrets: true) {
                #expect(export.canonicalText.contains(secret))
            }
        }
    }

    @Test("the message names the field and shows the key's prefix only")
    func message() throws {
        let (snapshot, preset) = try Self.store(
            secret: "sk-4fQz9XbLr2TmW8cVnK1yHs7DpJ0aEg3UaBcD", in: "prompt", profileID: "p")
        #expect(throws: SharingError.secretsFound([
            SecretFinding(path: "operations.scene_recap.prompt", kind: .openAIKey, excerpt: "sk-…"),
        ])) {
            try snapshot.exportExtension(preset: preset, exportedAt: SharingSupport.now)
        }
        let error = SharingError.secretsFound([SecretFinding(path: "operations.scene_recap.prompt", kind: .openAIKey, excerpt: "sk-…")])
        #expect(error.description
            == "Export stopped: operations.scene_recap.prompt looks like an API key (sk-…). Use --allow-secrets to export anyway.")
    }
}
